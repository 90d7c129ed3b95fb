namespace Briefly.Core.Feeds;

/// <summary>A feed to fetch, with the validators of its last 200 response exactly as the server sent them.</summary>
/// <remarks>Validators are opaque and echoed byte for byte: some servers compare If-Modified-Since as a string.</remarks>
public sealed record FeedRequest(Uri Url, string? ETag = null, string? LastModified = null);

/// <summary>How a fetch ended: <see cref="Modified"/>, <see cref="NotModified"/>, <see cref="RetryLater"/> or <see cref="Failed"/>.</summary>
public abstract record FeedFetchResult
{
    // Private: the four outcomes below are all there is, so a switch over them is complete.
    private FeedFetchResult()
    {
    }

    /// <summary>
    /// Set when the feed answered through permanent redirects (301/308) only, up to this address: store it as the feed's URL.
    /// A temporary redirect (302/303/307) ends the chain, since only the hops before it are permanent.
    /// </summary>
    public Uri? PermanentlyMovedTo { get; init; }

    /// <summary>A fresh document, with the validators to send next time (null when the server gave none or an unusable one).</summary>
    /// <param name="ContentType">The media type the server named, without parameters (e.g. "application/rss+xml"), if any.</param>
    public sealed record Modified(string Content, string? ContentType, string? ETag, string? LastModified) : FeedFetchResult;

    /// <summary>304: nothing changed since the validators were issued.</summary>
    public sealed record NotModified : FeedFetchResult;

    /// <summary>429 or 503: do not ask this server again before <paramref name="NotBefore"/>.</summary>
    public sealed record RetryLater(DateTimeOffset NotBefore, string Reason) : FeedFetchResult;

    /// <summary>Any other error, a timeout or a network failure; <paramref name="StatusCode"/> is set when a response came.</summary>
    public sealed record Failed(string Reason, int? StatusCode = null) : FeedFetchResult;
}
