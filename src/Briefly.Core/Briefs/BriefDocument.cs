namespace Briefly.Core.Briefs;

/// <summary>A brief as written by its authors, before it is stored: the parser's output and the ingest's input.</summary>
/// <param name="Title">The brief's title as written, e.g. "China AI Update Brief — 29 April 2026".</param>
/// <param name="Date">The day the brief is for.</param>
/// <param name="PostedAt">The local time from a "Posted on" line, when the brief has one (no time zone is written).</param>
public sealed record BriefDocument(
    string Title,
    DateOnly Date,
    DateTime? PostedAt,
    IReadOnlyList<StoryDocument> Stories,
    IReadOnlyList<string> Takeaways);

/// <summary>One story of a brief.</summary>
/// <param name="Date">The story's date: a range gives its last day; a month-only or missing date gives the brief's date.</param>
/// <param name="DateText">The date exactly as written after the source (empty when none was written).</param>
/// <param name="Citations">Every citation URL, in the order written, "Also confirmed" ones included.</param>
public sealed record StoryDocument(
    string Title,
    string Source,
    DateOnly Date,
    string DateText,
    string Summary,
    string WhyItMatters,
    IReadOnlyList<string> Citations);

/// <summary>Where a brief's text came from; it decides nothing but the guess of the format.</summary>
public enum BriefFormat
{
    /// <summary>Decide from the content: JSON, HTML, or text (plain or Markdown).</summary>
    Auto,
    Text,
    Markdown,
    Html,
    Json,
}

/// <summary>A rule a brief broke, with the place: a line (text, Markdown, HTML) or a JSON path.</summary>
public sealed record BriefError(int? Line, string? JsonPath, string Message)
{
    /// <summary>"briefs/x.txt:12: message", "request $.stories[1].date: message" or "briefs/x.txt: message".</summary>
    public string Describe(string origin) => (Line, JsonPath) switch
    {
        ({ } line, _) => $"{origin}:{line}: {Message}",
        (null, { } path) => $"{origin} {path}: {Message}",
        _ => $"{origin}: {Message}",
    };
}

/// <summary>Either a brief or the errors that stopped it; never both.</summary>
public sealed record BriefParseResult(BriefDocument? Brief, IReadOnlyList<BriefError> Errors)
{
    public bool Succeeded => Brief is not null;

    public static BriefParseResult Ok(BriefDocument brief) => new(brief, []);

    public static BriefParseResult Fail(params BriefError[] errors) => new(null, errors);
}
