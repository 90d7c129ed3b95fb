using Microsoft.Extensions.Logging;

namespace Briefly.Core.Feeds;

/// <summary>The event ids of fetching and polling feeds: 1100–1199.</summary>
public static class FeedEvents
{
    /// <summary>A feed document was fetched.</summary>
    public const int Fetched = 1100;

    /// <summary>A feed's server answered 304: nothing changed since the last fetch.</summary>
    public const int FetchNotModified = 1101;

    /// <summary>A feed's server answered 429 or 503; it is not fetched again before the time it asked for.</summary>
    public const int FetchRetryLater = 1102;

    /// <summary>A feed could not be fetched: a network error, an HTTP error, a body over the limit, a bad redirect.</summary>
    public const int FetchFailed = 1103;

    /// <summary>A feed's server moved it permanently (301 or 308).</summary>
    public const int FetchMovedPermanently = 1104;

    /// <summary>
    /// A feed's address, or a redirect's, was refused by the address policy. Its own event, at warning: a feed pointing or
    /// redirected inside the network may be an attempt to read it.
    /// </summary>
    public const int FetchRefused = 1105;

    /// <summary>A feed due for a poll was deleted in the meantime.</summary>
    public const int PollFeedGone = 1110;

    /// <summary>A poll found the feed unchanged.</summary>
    public const int PollNotModified = 1111;

    /// <summary>A poll was put off until the time the feed's server asked for.</summary>
    public const int PollRetryLater = 1112;

    /// <summary>A poll failed; the next one backs off with the failures in a row.</summary>
    public const int PollFailed = 1113;

    /// <summary>A poll read the feed and took in its items.</summary>
    public const int Polled = 1114;

    /// <summary>A feed moved to an address that is already another feed; it keeps its old address.</summary>
    public const int MoveRefused = 1115;

    /// <summary>A feed moved permanently and is polled at its new address from now on.</summary>
    public const int MoveFollowed = 1116;
}

internal static partial class FeedLog
{
    // FeedFetcher
    [LoggerMessage(EventId = FeedEvents.Fetched, Level = LogLevel.Debug,
        Message = "Fetched feed {FeedSite}: {Characters} characters of {ContentType}")]
    internal static partial void Fetched(ILogger logger, string feedSite, int characters, string? contentType);

    [LoggerMessage(EventId = FeedEvents.FetchNotModified, Level = LogLevel.Debug, Message = "Feed {FeedSite} not modified")]
    internal static partial void FetchNotModified(ILogger logger, string feedSite);

    [LoggerMessage(EventId = FeedEvents.FetchRetryLater, Level = LogLevel.Information,
        Message = "Feed {FeedSite} asked us to wait ({Reason}) until {NotBefore}")]
    internal static partial void FetchRetryLater(ILogger logger, string feedSite, string reason, DateTimeOffset notBefore);

    [LoggerMessage(EventId = FeedEvents.FetchFailed, Level = LogLevel.Warning, Message = "Fetching feed {FeedSite} failed: {Reason}")]
    internal static partial void FetchFailed(ILogger logger, string feedSite, string reason);

    [LoggerMessage(EventId = FeedEvents.FetchMovedPermanently, Level = LogLevel.Information,
        Message = "Feed {FeedSite} moved permanently to {NewFeedSite}")]
    internal static partial void FetchMovedPermanently(ILogger logger, string feedSite, string newFeedSite);

    [LoggerMessage(EventId = FeedEvents.FetchRefused, Level = LogLevel.Warning, Message = "Feed {FeedSite} refused: {Reason}")]
    internal static partial void FetchRefused(ILogger logger, string feedSite, string reason);

    // FeedPoller
    [LoggerMessage(EventId = FeedEvents.PollFeedGone, Level = LogLevel.Warning, Message = "Feed {FeedId} no longer exists; nothing to poll")]
    internal static partial void PollFeedGone(ILogger logger, long feedId);

    [LoggerMessage(EventId = FeedEvents.PollNotModified, Level = LogLevel.Information, Message = "Feed {FeedId} not modified")]
    internal static partial void PollNotModified(ILogger logger, long feedId);

    [LoggerMessage(EventId = FeedEvents.PollRetryLater, Level = LogLevel.Warning,
        Message = "Feed {FeedId} asked us to wait until {NotBefore}: {Reason}")]
    internal static partial void PollRetryLater(ILogger logger, long feedId, DateTime notBefore, string reason);

    [LoggerMessage(EventId = FeedEvents.PollFailed, Level = LogLevel.Warning, Message = "Feed {FeedId} failed ({Failures} in a row): {Reason}")]
    internal static partial void PollFailed(ILogger logger, long feedId, int failures, string reason);

    [LoggerMessage(EventId = FeedEvents.Polled, Level = LogLevel.Information, Message = "Feed {FeedId} polled: {Tally}")]
    internal static partial void Polled(ILogger logger, long feedId, string tally);

    [LoggerMessage(EventId = FeedEvents.MoveRefused, Level = LogLevel.Warning,
        Message = "Feed {FeedId} moved to {Url}, which is already a feed; keeping the old address")]
    internal static partial void MoveRefused(ILogger logger, long feedId, string url);

    [LoggerMessage(EventId = FeedEvents.MoveFollowed, Level = LogLevel.Information, Message = "Feed {FeedId} moved permanently from {From} to {Url}")]
    internal static partial void MoveFollowed(ILogger logger, long feedId, string from, string url);
}
