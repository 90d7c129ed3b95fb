using System.Globalization;
using System.Text;

namespace Briefly.Slack.BlockKit;

/// <summary>
/// Text for Slack mrkdwn. Slack reads <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> as control characters, so any text that is not
/// our own markup is escaped (https://docs.slack.dev/messaging/formatting-message-text#escaping); links use
/// <c>&lt;url|label&gt;</c>.
/// </summary>
public static class Mrkdwn
{
    public const string Ellipsis = "…";

    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0) return text;
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }

    /// <summary>
    /// <c>&lt;url|label&gt;</c>, or the escaped label alone when the URL is not http(s). A '|' would end the URL early and
    /// is percent-encoded there; in the label it becomes a full-width bar so nothing can be read as a second separator.
    /// </summary>
    public static string Link(string url, string label)
    {
        var safeLabel = Escape(OneLine(label)).Replace('|', '｜');
        return SafeUrl(url) is { } safeUrl ? $"<{safeUrl}|{safeLabel}>" : safeLabel;
    }

    /// <summary>The URL as it may stand inside &lt;…&gt;, or null when it is not an absolute http(s) URL.</summary>
    public static string? SafeUrl(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return null;
        return uri.AbsoluteUri.Replace("|", "%7C").Replace("<", "%3C").Replace(">", "%3E").Replace(" ", "%20").Replace("&", "&amp;");
    }

    /// <summary>"reuters.com" for a citation link's label.</summary>
    public static string Host(string url) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Host.Length > 0
            ? (uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host)
            : url;

    /// <summary>
    /// Bold needs its stars next to non-space characters on one line. Slack has no escape for a star, and one inside
    /// ("Qwen*2 launch") would end the bold early and leave a stray star, so the text's own stars become full-width ones
    /// (＊); links (&lt;url|label&gt;) keep theirs, a star being legal in a URL.
    /// </summary>
    public static string Bold(string escaped)
    {
        if (escaped.Length == 0) return "";
        if (!escaped.Contains('*')) return $"*{escaped}*";
        var builder = new StringBuilder(escaped.Length + 2).Append('*');
        var inLink = false;
        foreach (var c in escaped)
        {
            inLink = c switch { '<' => true, '>' => false, _ => inLink };
            builder.Append(c == '*' && !inLink ? '＊' : c);
        }
        return builder.Append('*').ToString();
    }

    /// <summary>Line breaks and runs of spaces as one space: titles and labels sit on one line.</summary>
    public static string OneLine(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// The escaped text, at most <paramref name="maxLength"/> characters. Longer text is cut at a whole character
    /// (an emoji or accented letter is never split) and ends in an ellipsis, plus a "Read more" link when there is a URL
    /// to read it at, so a reader always sees that something was shortened.
    /// </summary>
    public static string Fit(string text, int maxLength, string? readMoreUrl = null)
    {
        var escaped = Escape(text);
        if (escaped.Length <= maxLength) return escaped;
        var more = readMoreUrl is null ? null : Link(readMoreUrl, "Read more");
        var suffix = more is null || more.Length + 2 > maxLength / 2 ? Ellipsis : $"{Ellipsis} {more}";
        return Cut(text, maxLength - suffix.Length, Escape) + suffix;
    }

    /// <summary>Plain text (not escaped) of at most <paramref name="maxLength"/> characters, with an ellipsis when cut.</summary>
    public static string FitPlain(string text, int maxLength) =>
        text.Length <= maxLength ? text : Cut(text, maxLength - Ellipsis.Length, t => t) + Ellipsis;

    /// <summary>The longest prefix of whole text elements whose transformed length fits, without trailing spaces.</summary>
    private static string Cut(string text, int budget, Func<string, string> transform)
    {
        var builder = new StringBuilder();
        var length = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var piece = transform(elements.GetTextElement());
            if (length + piece.Length > budget) break;
            builder.Append(piece);
            length += piece.Length;
        }
        return builder.ToString().TrimEnd();
    }
}
