using System.Globalization;
using Briefly.Core.Briefs;
using FsCheck;
using FsCheck.Fluent;

namespace Briefly.Core.Tests.Briefs;

/// <summary>Random but well-formed briefs, random text, and random damage to real briefs.</summary>
internal static class BriefGenerators
{
    // Prose as briefs have it: smart quotes, dashes, figures, symbols, abbreviations, other scripts.
    private static readonly string[] Words =
    [
        "chips", "model", "Huawei’s", "export", "controls", "cloud", "capacity", "rose", "40%", "$2.8", "billion", "yuan",
        "“open”", "weights", "U.S.", "state-owned", "banks", "—", "–", "(HBM3)", "+", "→", "said;", "quarter,", "the", "a",
        "of", "in", "on", "and", "DeepSeek", "V4", "Ascend", "950PR", "’90s", "\"quoted\"", "北京", "算力", "café", "naïve",
        "April", "May", "2026", "7–8", "x86", "R&D", "<b>", "&amp;", "[1]", "p.m.", "AT&T", "#AI", "50/50", "e.g.", "sources",
    ];

    private static readonly string[] Outlets =
        ["Reuters", "Caixin Global", "South China Morning Post", "36Kr", "The Information", "Channel 4", "AP", "Nikkei Asia", "财新", "HKEX filing"];

    private static readonly string[] Months =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private static readonly string[] Hosts = ["www.reuters.com", "asia.nikkei.com", "www.caixinglobal.com", "apnews.com", "en.wikipedia.org", "www1.hkexnews.hk"];

    public static Arbitrary<BriefDocument> Briefs => Arb.From(Brief());

    public static Gen<BriefDocument> Brief() =>
        from day in Gen.Choose(0, 3000)
        let date = new DateOnly(2024, 1, 1).AddDays(day)
        from name in Gen.Elements("China AI Update", "Tech Policy", "Chip Watch", "Daily")
        from minutes in Gen.Choose(-1, 24 * 60 - 1)
        from count in Gen.Choose(1, 7)
        from stories in Gen.ArrayOf(Story(date), count)
        from takeawayCount in Gen.Choose(0, 5)
        from takeaways in Gen.ArrayOf(Sentence(3, 12), takeawayCount)
        select new BriefDocument(
            $"{name} Brief — {date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}",
            date,
            minutes < 0 ? null : date.ToDateTime(TimeOnly.MinValue).AddMinutes(minutes),
            stories,
            takeaways);

    /// <summary>Text with no shape at all: printable runs, control characters, surrogates, markup characters.</summary>
    public static Gen<string> Garbage() =>
        Gen.OneOf(
            ArbMap.Default.ArbFor<string>().Generator.Select(s => s ?? ""),
            Gen.ArrayOf(Gen.Elements(
                    "\n", "\r\n", "\r", " ", "\u00A0", "\t", ":", "Source:", "Summary:", "Citation URL:", "Why It Matters:", "Also confirmed:",
                    "**", "#", "## ", "- ", "• ", "1. ", "---", "http://", "https://", "](", "[", ")", "(", "29 Apr 2026", "–", "—",
                    "Key Takeaways", "Top Stories", "Posted on", " at 09:41 PM", "Date:", "\uD800", "\uDFFF", "\0", "\u200B", "<p>", "</p>",
                    "<br>", "{", "}", "\"", "[", "]", "word", "Title", "2026", "31 Feb", "0000-00-00", "9999-12-31"))
                .Select(parts => string.Concat(parts)),
            Gen.ArrayOf(Gen.Choose(0, 0xFFFF).Select(c => (char)c)).Select(chars => new string(chars)));

    /// <summary>One to five random edits of a real brief: lines deleted, duplicated, swapped, unicode inserted, a cut.</summary>
    public static Gen<string> Mutated(IReadOnlyList<string> briefs) =>
        from text in Gen.Elements(briefs.ToArray())
        from edits in Gen.ArrayOf(Edit(), 5)
        from editCount in Gen.Choose(1, 5)
        select edits.Take(editCount).Aggregate(text, (current, edit) => edit(current));

    private static Gen<Func<string, string>> Edit() =>
        from kind in Gen.Choose(0, 5)
        from a in Gen.Choose(0, int.MaxValue - 1)
        from b in Gen.Choose(0, int.MaxValue - 1)
        from inserted in Gen.OneOf(Gen.Elements("\u00A0", "\uFEFF", "\u2028", "—", "Source: ", "Summary:", "**", "\r", "\uD83D", "🚀", ")"), Garbage().Select(g => g.Length > 40 ? g[..40] : g))
        select (Func<string, string>)(text => Apply(kind, a, b, inserted, text));

    private static string Apply(int kind, int a, int b, string inserted, string text)
    {
        var lines = text.Split('\n').ToList();
        var i = a % lines.Count;
        var j = b % lines.Count;
        switch (kind)
        {
            case 0:
                lines.RemoveAt(i);
                break;
            case 1:
                lines.Insert(i, lines[j]);
                break;
            case 2:
                (lines[i], lines[j]) = (lines[j], lines[i]);
                break;
            case 3:
                var at = text.Length == 0 ? 0 : a % (text.Length + 1);
                return text.Insert(at, inserted);
            case 4:
                return text[..(text.Length == 0 ? 0 : a % (text.Length + 1))];
            default:
                lines[i] = lines[i].Length == 0 ? inserted : lines[i].Remove(a % lines[i].Length, Math.Min(b % 20, lines[i].Length - a % lines[i].Length));
                break;
        }

        return string.Join('\n', lines);
    }

    private static Gen<StoryDocument> Story(DateOnly briefDate) =>
        from title in Sentence(2, 10).Select(Capitalise)
        from outletCount in Gen.Choose(1, 3)
        from outlets in Gen.ArrayOf(Gen.Elements(Outlets), outletCount)
        from date in DateText(briefDate)
        from summary in Sentence(5, 60)
        from why in Gen.Frequency((1, Gen.Constant("")), (6, Sentence(4, 30)))
        from urlCount in Gen.Choose(1, 4)
        from urls in Gen.ArrayOf(Url(), urlCount)
        select new StoryDocument(title, string.Join(" / ", outlets.Distinct()), date.Day, date.Text, summary + ".", why, urls.Distinct().ToArray());

    /// <summary>Each form a Source date takes, with the day a reader would take from it.</summary>
    private static Gen<(string Text, DateOnly Day)> DateText(DateOnly briefDate) =>
        from back in Gen.Choose(0, 3)
        from form in Gen.Choose(0, 5)
        let last = briefDate.AddDays(-back)
        let first = last.AddDays(-1)
        select form switch
        {
            0 => ($"{last.Day} {Months[last.Month - 1]} {last.Year}", last),
            1 when first.Month == last.Month => ($"{first.Day}–{last.Day} {Months[last.Month - 1]} {last.Year}", last),
            1 or 2 => ($"{first.Day} {Months[first.Month - 1]}–{last.Day} {Months[last.Month - 1]} {last.Year}", last),
            3 => ($"{Months[last.Month - 1]} {last.Day}, {last.Year}", last),
            4 => ($"{Months[briefDate.Month - 1]} {briefDate.Year}", briefDate),
            _ => ("", briefDate),
        };

    private static Gen<string> Url() =>
        from host in Gen.Elements(Hosts)
        from slug in Gen.ArrayOf(Gen.Elements("huawei", "chips", "ascend", "2026", "05", "deepseek-v4", "A_(b)", "news", "c_17462"), 3)
        from ending in Gen.Elements("", "/", ".html", "?id=3192", ".htm#top")
        select $"https://{host}/{string.Join('/', slug)}{ending}";

    private static Gen<string> Sentence(int min, int max) =>
        from count in Gen.Choose(min, max)
        from words in Gen.ArrayOf(Gen.Elements(Words), count)
        select string.Join(' ', words);

    private static string Capitalise(string text) => "Story " + text;
}
