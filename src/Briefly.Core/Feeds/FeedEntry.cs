namespace Briefly.Core.Feeds;

/// <summary>One item of a feed; its content is one whole brief, still to be parsed.</summary>
/// <param name="Key">
/// What identifies the item across fetches: its guid / id, else its link, else "sha256:" + a hash of title and content.
/// Re-ordering a feed never changes a key; only a publisher that rewrites ids can.
/// </param>
/// <param name="Link">The item's web page, when the feed gives one.</param>
/// <param name="Published">When the item was published (else updated), when the feed says and the date can be read.</param>
/// <param name="Content">The brief's text, trimmed; empty when the item carries none.</param>
/// <param name="ContentType"><see cref="Html"/> or <see cref="PlainText"/>.</param>
public sealed record FeedEntry(
    string Key,
    string? Title,
    string? Link,
    DateTimeOffset? Published,
    string Content,
    string ContentType)
{
    public const string Html = "text/html";

    public const string PlainText = "text/plain";

    /// <summary>Longer ids and links are replaced by their hash so that every key fits the stored, indexed column.</summary>
    public const int MaxKeyLength = 1000;
}

/// <summary>Either the items of a feed, in document order (possibly none), or why the document could not be read.</summary>
/// <param name="Error">What went wrong and where: "line 3, column 7: …" for XML, "$.items[2].id: …" for JSON Feed.</param>
public sealed record FeedReadResult(IReadOnlyList<FeedEntry> Items, string? Error)
{
    public bool Succeeded => Error is null;

    public static FeedReadResult Ok(IReadOnlyList<FeedEntry> items) => new(items, null);

    public static FeedReadResult Fail(string error) => new([], error);
}
