namespace Briefly.Data.Entities;

/// <summary>An RSS, Atom or JSON Feed whose items are briefs, polled on a schedule.</summary>
public class Feed
{
    public long Id { get; set; }

    public required string Url { get; set; }

    public string? Name { get; set; }

    /// <summary>Validators from the last 200 response, sent back for a conditional GET.</summary>
    public string? ETag { get; set; }

    public string? LastModified { get; set; }

    public int PollIntervalMinutes { get; set; } = 30;

    /// <summary>When the next poll may happen; a 429 or 503 with Retry-After pushes it out.</summary>
    public DateTime NextPollAt { get; set; }

    public DateTime? LastPolledAt { get; set; }

    public string? LastError { get; set; }

    public int ConsecutiveFailures { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    public List<FeedItem> Items { get; set; } = [];
}

/// <summary>An item seen in a feed, so re-ordered or re-sent items are never taken in twice.</summary>
public class FeedItem
{
    public long Id { get; set; }

    public long FeedId { get; set; }

    /// <summary>The item's guid or id, else its link, else a hash of its content.</summary>
    public required string ItemKey { get; set; }

    public required string ContentHash { get; set; }

    public long? BriefId { get; set; }

    /// <summary>Why the item's content was rejected, if it was.</summary>
    public string? Error { get; set; }

    public DateTime FirstSeenAt { get; set; }

    public DateTime LastSeenAt { get; set; }
}
