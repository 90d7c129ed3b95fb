namespace Briefly.Core.Briefs;

/// <summary>
/// Reads a daily brief from the text its authors publish (plain text, Markdown, the HTML of a post)
/// or from the API's JSON, into a <see cref="BriefDocument"/>.
/// </summary>
public static class BriefParser
{
    /// <summary>
    /// Parses one brief. Never throws: anything that cannot be read comes back as errors, each with
    /// the line (text, Markdown, HTML) or JSON path it concerns and the rule it broke.
    /// </summary>
    public static BriefParseResult Parse(string text, BriefFormat format = BriefFormat.Auto)
    {
        try
        {
            return ParseUnguarded(text, format);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The tests feed random and mutated briefs to ParseUnguarded to show this is never reached;
            // it is here so that one unforeseen input costs one brief, not the caller's job.
            return BriefParseResult.Fail(new BriefError(null, null,
                $"the parser failed unexpectedly ({exception.GetType().Name}); the brief could not be read"));
        }
    }

    /// <summary><see cref="Parse"/> without its last-resort catch, for tests that prove nothing throws.</summary>
    internal static BriefParseResult ParseUnguarded(string? text, BriefFormat format)
    {
        if (string.IsNullOrWhiteSpace(text))
            return BriefParseResult.Fail(new BriefError(1, null, "the brief is empty: expected a title line, then stories and key takeaways"));

        // Written in as characters they go before anything is read; written as escapes (JSON \u202E, HTML &#x202E;) they
        // are found in the parsed text.
        text = DirectionalControls.Remove(text);
        var result = Detect(text, format) switch
        {
            BriefFormat.Json => JsonBriefReader.Read(text),
            BriefFormat.Html => HtmlBriefConverter.TryToLines(text, out var lines, out var error)
                ? TextBriefParser.Parse(lines)
                : BriefParseResult.Fail(error!),
            _ => TextBriefParser.Parse(SourceText.SplitLines(text)),
        };
        if (result.Brief is not { } parsed) return result;
        var brief = DirectionalControls.Remove(parsed);
        return string.IsNullOrWhiteSpace(brief.Title)
            ? BriefParseResult.Fail(new BriefError(null, null, "the title is only directional formatting characters (U+202A–U+202E, U+2066–U+2069)"))
            : BriefParseResult.Ok(brief);
    }

    internal static BriefFormat Detect(string text, BriefFormat format)
    {
        if (format != BriefFormat.Auto) return format;

        var start = text.AsSpan().TrimStart();
        if (start.IsEmpty) return BriefFormat.Text;
        if (start[0] == '{' || (start[0] == '[' && IsJsonArrayStart(start[1..]))) return BriefFormat.Json;
        if (start[0] == '<' && start.Length > 1 && (char.IsAsciiLetter(start[1]) || start[1] is '!' or '?')) return BriefFormat.Html;
        // A feed item's body often starts with text and carries its markup later.
        return LooksLikeHtml(text) ? BriefFormat.Html : BriefFormat.Text;
    }

    // "[" also opens a Markdown link ("[China AI Update Brief](…)"); a JSON array goes on with a value.
    private static bool IsJsonArrayStart(ReadOnlySpan<char> rest)
    {
        rest = rest.TrimStart();
        return rest.IsEmpty || rest[0] is '{' or '[' or ']' or '"' or '-' or 't' or 'f' or 'n' || char.IsAsciiDigit(rest[0]);
    }

    private static bool LooksLikeHtml(string text)
    {
        if (!text.Contains('<')) return false;
        return text.Contains("</p>", StringComparison.OrdinalIgnoreCase)
               || text.Contains("<br", StringComparison.OrdinalIgnoreCase)
               || text.Contains("</li>", StringComparison.OrdinalIgnoreCase)
               || text.Contains("</h2>", StringComparison.OrdinalIgnoreCase)
               || text.Contains("</div>", StringComparison.OrdinalIgnoreCase);
    }
}
