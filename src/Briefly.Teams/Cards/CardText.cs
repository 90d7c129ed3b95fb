using System.Globalization;
using Briefly.Core.Conversations;

namespace Briefly.Teams.Cards;

/// <summary>Shortening and labels for story text on cards.</summary>
internal static class CardText
{
    public const string Ellipsis = "…";

    /// <summary>
    /// At most <paramref name="max"/> characters, cut between words when one ends near the limit and never inside
    /// a text element (an emoji or a CJK character with its combining marks stays whole).
    /// </summary>
    public static string Shorten(string text, int max, out bool shortened)
    {
        text = text.Trim();
        shortened = text.Length > max;
        if (!shortened) return text;

        var keep = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var end = elements.ElementIndex + elements.GetTextElement().Length;
            if (end > max - 1) break;
            keep = end;
        }
        var cut = text[..keep];
        var space = cut.LastIndexOf(' ');
        if (space > keep * 4 / 5) cut = cut[..space];
        return cut.TrimEnd(' ', ',', ';', ':', '—', '–', '-') + Ellipsis;
    }

    public static string Shorten(string text, int max) => Shorten(text, max, out _);

    /// <summary>An http(s) citation as a link target; anything else is shown as text, not linked.</summary>
    public static bool TryWebLink(string citation, out Uri uri) =>
        Uri.TryCreate(citation.Trim(), UriKind.Absolute, out uri!) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>"reuters.com" for https://www.reuters.com/world/…: readers recognise outlets by their site.</summary>
    public static string HostLabel(Uri uri) =>
        uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host;

    // One way of writing numbers and dates on every platform: the core's.
    public static string Day(DateOnly date) => Formats.Day(date);

    public static string LongDay(DateOnly date) => Formats.LongDay(date);

    public static string Time(TimeOnly time) => Formats.Time(time);

    public static string Count(int n, string one, string many) => Formats.Count(n, one, many);
}
