namespace Briefly.Core.Briefs;

internal enum ItemKind
{
    /// <summary>Unlabelled text: a title, a paragraph, a bullet, a URL.</summary>
    Text,

    /// <summary>A labelled field such as "Source: …"; <see cref="BriefItem.Text"/> holds what follows the label.</summary>
    Field,
    StoriesHeading,
    TakeawaysHeading,
}

/// <summary>How a line was marked up, which decides whether it can be a story title or a takeaway.</summary>
internal enum LineMarker
{
    None,

    /// <summary>A Markdown heading: "## Title".</summary>
    Heading,

    /// <summary>"- x", "• x", "* x".</summary>
    Bullet,

    /// <summary>"1. x" or "1) x".</summary>
    Number,

    /// <summary>A line wholly in bold: "**Title**".</summary>
    Bold,
}

internal enum FieldLabel
{
    None,
    Source,
    Date,
    Summary,
    WhyItMatters,
    Citations,
    AlsoConfirmed,
}

/// <summary>One piece of a brief's text: a line, or one field of a line that holds several ("Source: … Summary: …").</summary>
/// <param name="AfterBlank">A blank line (or a separator such as "---") came before this item's line.</param>
internal readonly record struct BriefItem(ItemKind Kind, int Line, string Text, LineMarker Marker, FieldLabel Label, bool AfterBlank);

/// <summary>
/// Turns cleaned lines into items: strips list and heading markup, recognises section headings,
/// and splits lines at field labels. Knows nothing about stories; <see cref="TextBriefParser"/> does.
/// </summary>
internal static class BriefLineScanner
{
    /// <param name="Inline">May start in the middle of a line, as in the one-line layout ("… 2026 Summary: …").
    /// Short, common words ("Date", "Links") only count at the start of a line.</param>
    private readonly record struct Label(string Name, FieldLabel Field, bool Inline);

    // Longer names first, so that "Citation URLs" is not read as "URLs".
    private static readonly Label[] Labels =
    [
        new("why this matters", FieldLabel.WhyItMatters, true),
        new("why it matters", FieldLabel.WhyItMatters, true),
        new("also confirmed", FieldLabel.AlsoConfirmed, true),
        new("citation urls", FieldLabel.Citations, true),
        new("citation url", FieldLabel.Citations, true),
        new("citations", FieldLabel.Citations, true),
        new("citation", FieldLabel.Citations, true),
        new("sources", FieldLabel.Source, true),
        new("summary", FieldLabel.Summary, true),
        new("source", FieldLabel.Source, true),
        new("links", FieldLabel.Citations, false),
        new("link", FieldLabel.Citations, false),
        new("date", FieldLabel.Date, false),
    ];

    private static readonly string[] StoriesHeadings = ["top stories", "stories", "top story", "headlines", "top headlines"];

    private static readonly string[] TakeawaysHeadings = ["key takeaways", "takeaways", "key takeaway", "takeaway", "key points"];

    public static List<BriefItem> Scan(IReadOnlyList<SourceLine> lines)
    {
        var items = new List<BriefItem>(lines.Count);
        var afterBlank = false;
        foreach (var line in lines)
        {
            if (line.Text.Length == 0 || IsSeparator(line.Text))
            {
                afterBlank = true;
                continue;
            }

            if (ScanLine(line.Number, line.Text, afterBlank, items)) afterBlank = false;
        }

        return items;
    }

    /// <summary>Adds the line's items; false when the line held nothing but markup.</summary>
    private static bool ScanLine(int number, string line, bool afterBlank, List<BriefItem> items)
    {
        var content = StripMarker(line.AsSpan(), out var marker);
        content = StripWholeLineEmphasis(content, out var bold);
        if (bold && marker == LineMarker.None) marker = LineMarker.Bold;
        if (content.IsEmpty) return false;

        if (marker is not (LineMarker.Bullet or LineMarker.Number) && SectionOf(content) is { } section)
        {
            items.Add(new BriefItem(section, number, "", marker, FieldLabel.None, afterBlank));
            return true;
        }

        var next = FindLabel(content, 0);
        if (next is null)
        {
            items.Add(new BriefItem(ItemKind.Text, number, content.ToString(), marker, FieldLabel.None, afterBlank));
            return true;
        }

        var lead = TrimEmphasis(content[..next.Value.Start]);
        if (!lead.IsEmpty)
        {
            items.Add(new BriefItem(ItemKind.Text, number, lead.ToString(), marker, FieldLabel.None, afterBlank));
            afterBlank = false;
        }

        while (next is { } found)
        {
            next = FindLabel(content, found.ValueStart);
            var valueEnd = next?.Start ?? content.Length;
            var value = TrimEmphasis(content[found.ValueStart..valueEnd]);
            items.Add(new BriefItem(ItemKind.Field, number, value.ToString(), marker, found.Field, afterBlank));
            afterBlank = false;
        }

        return true;
    }

    private readonly record struct FoundLabel(int Start, int ValueStart, FieldLabel Field);

    /// <summary>
    /// The next field label at or after <paramref name="from"/>. Labels are found from their colon:
    /// the text before each colon is matched against the names, so a line costs one pass however
    /// long it is. Mid-line labels must be capitalised and follow a space or "(", which keeps
    /// "in summary:" inside a sentence from splitting it.
    /// </summary>
    private static FoundLabel? FindLabel(ReadOnlySpan<char> content, int from)
    {
        var origin = from;
        while (from < content.Length)
        {
            var colon = content[from..].IndexOf(':');
            if (colon < 0) return null;
            colon += from;
            from = colon + 1;

            var nameEnd = colon;
            while (nameEnd > 0 && content[nameEnd - 1] is '*' or '_' or ' ') nameEnd--;
            if (nameEnd == 0) continue;
            // Most colons end no label ("https:", "09:41"): comparing the last letter first keeps them cheap.
            var lastLetter = char.ToLowerInvariant(content[nameEnd - 1]);
            foreach (var label in Labels)
            {
                var start = nameEnd - label.Name.Length;
                if (start < origin || label.Name[^1] != lastLetter
                    || !content.Slice(start, label.Name.Length).Equals(label.Name, StringComparison.OrdinalIgnoreCase)) continue;

                var prefixStart = start;
                while (prefixStart > origin && content[prefixStart - 1] is '*' or '_' or '(') prefixStart--;
                var atLineStart = prefixStart == 0;
                var afterPreviousLabel = prefixStart == origin && origin > 0;
                if (!atLineStart && !afterPreviousLabel && (!label.Inline || content[prefixStart - 1] != ' ' || !char.IsUpper(content[start]))) break;

                var valueStart = colon + 1;
                while (valueStart < content.Length && content[valueStart] is '*' or '_' or ' ') valueStart++;
                return new FoundLabel(prefixStart, valueStart, label.Field);
            }
        }

        return null;
    }

    private static ReadOnlySpan<char> StripMarker(ReadOnlySpan<char> line, out LineMarker marker)
    {
        marker = LineMarker.None;
        var first = line[0];

        if (first == '#')
        {
            var level = 1;
            while (level < line.Length && line[level] == '#') level++;
            if (level <= 6 && (level == line.Length || line[level] == ' '))
            {
                marker = LineMarker.Heading;
                return line[level..].Trim(' ').TrimEnd('#').TrimEnd(' ');
            }

            return line;
        }

        // ASCII markers need a space after them ("-5%" and "*Posted on*" are not bullets); typographic ones do not.
        if (first is '-' or '*' or '+' or '–' or '—' && line.Length > 1 && line[1] == ' ')
        {
            marker = LineMarker.Bullet;
            return line[2..];
        }

        if (first is '•' or '·' or '▪' or '◦' or '‣' or '●' or '○' or '■' or '□' or '➤' or '►')
        {
            marker = LineMarker.Bullet;
            return line[1..].TrimStart(' ');
        }

        var digits = 0;
        while (digits < line.Length && digits < 4 && char.IsAsciiDigit(line[digits])) digits++;
        if (digits is > 0 and < 4 && digits + 1 < line.Length && line[digits] is '.' or ')' && line[digits + 1] == ' ')
        {
            marker = LineMarker.Number;
            return line[(digits + 2)..];
        }

        return line;
    }

    private static ReadOnlySpan<char> StripWholeLineEmphasis(ReadOnlySpan<char> content, out bool bold)
    {
        bold = false;
        foreach (var strong in (ReadOnlySpan<string>)["**", "__"])
        {
            if (content.Length > 4 && content.StartsWith(strong) && content.EndsWith(strong)
                && content[2..^2].IndexOf(strong, StringComparison.Ordinal) < 0)
            {
                bold = true;
                return content[2..^2].Trim(' ');
            }
        }

        if (content.Length > 2 && content[0] is '*' or '_' && content[^1] == content[0] && content[1] != content[0])
            return content[1..^1].Trim(' ');

        return content;
    }

    private static ReadOnlySpan<char> TrimEmphasis(ReadOnlySpan<char> text) => text.Trim(" *_");

    private static ItemKind? SectionOf(ReadOnlySpan<char> content)
    {
        var name = content.TrimEnd(" :*_");
        if (name.Length > 20) return null;
        foreach (var heading in StoriesHeadings)
        {
            if (name.Equals(heading, StringComparison.OrdinalIgnoreCase)) return ItemKind.StoriesHeading;
        }

        foreach (var heading in TakeawaysHeadings)
        {
            if (name.Equals(heading, StringComparison.OrdinalIgnoreCase)) return ItemKind.TakeawaysHeading;
        }

        return null;
    }

    private static bool IsSeparator(string line)
    {
        var mark = line[0];
        if (mark is not ('-' or '*' or '_' or '=' or '~' or '—' or '–' or '─' or '━')) return false;
        var count = 0;
        foreach (var c in line)
        {
            if (c == mark) count++;
            else if (c != ' ') return false;
        }

        return count >= 3;
    }
}
