using System.Security.Cryptography;
using System.Text;
using Briefly.Core.Briefs;
using Briefly.Core.Telemetry;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefly.Core.Feeds;

/// <summary>
/// Polls stored feeds and takes in each item as a brief. Safe to run twice: items are remembered by key and content
/// hash, the fetch is conditional, and a 429 or 503 moves the next poll to when the server asked.
/// </summary>
public sealed class FeedPoller(
    BrieflyDbContext db,
    FeedFetcher fetcher,
    BriefIngestor ingestor,
    IOptions<IngestOptions> ingestOptions,
    TimeProvider time,
    ILogger<FeedPoller> logger)
{
    /// <summary>How long a claimed feed is left alone, so another host's scheduler does not poll it at the same time.</summary>
    private static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(10);

    private const int MaxBackoffDoublings = 5;

    /// <summary>Feeds whose next poll is due, each pushed out by a lease so that only one host polls it.</summary>
    public async Task<IReadOnlyList<long>> ClaimDueFeedsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.Feeds.Where(f => f.Enabled && f.NextPollAt <= now).Select(f => new { f.Id, f.NextPollAt }).ToListAsync(cancellationToken);
        var claimed = new List<long>();
        foreach (var feed in due)
        {
            // A conditional update: only the host that still sees the old NextPollAt wins the claim.
            var won = await db.Feeds
                .Where(f => f.Id == feed.Id && f.NextPollAt == feed.NextPollAt)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.NextPollAt, now + ClaimLease), cancellationToken);
            if (won == 1) claimed.Add(feed.Id);
        }
        return claimed;
    }

    public async Task<IngestTally> PollAsync(long feedId, CancellationToken cancellationToken, IProgress<IngestTally>? progress = null)
    {
        var tally = new IngestTally();
        var feed = await db.Feeds.AsNoTracking().SingleOrDefaultAsync(f => f.Id == feedId, cancellationToken);
        if (feed is null)
        {
            FeedLog.PollFeedGone(logger, feedId);
            return tally;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var result = await fetcher.FetchAsync(new FeedRequest(new Uri(feed.Url), feed.ETag, feed.LastModified), cancellationToken);
        var interval = TimeSpan.FromMinutes(feed.PollIntervalMinutes);
        if (result.PermanentlyMovedTo is { } movedTo) await FollowMoveAsync(feed.Id, feed.Url, movedTo.ToString(), cancellationToken);
        switch (result)
        {
            case FeedFetchResult.NotModified:
                await RecordPollAsync(feedId, now, now + interval, error: null, failures: 0, cancellationToken);
                FeedLog.PollNotModified(logger, feedId);
                break;

            case FeedFetchResult.RetryLater retry:
                var notBefore = retry.NotBefore.UtcDateTime;
                await RecordPollAsync(feedId, now, notBefore > now ? notBefore : now + interval, retry.Reason, feed.ConsecutiveFailures, cancellationToken);
                FeedLog.PollRetryLater(logger, feedId, notBefore, retry.Reason);
                break;

            case FeedFetchResult.Failed failed:
                var failures = feed.ConsecutiveFailures + 1;
                var backoff = interval * Math.Pow(2, Math.Min(failures - 1, MaxBackoffDoublings));
                await RecordPollAsync(feedId, now, now + backoff, failed.Reason, failures, cancellationToken);
                tally.Fail($"{Redacted.Url(feed.Url)}: {failed.Reason}");
                FeedLog.PollFailed(logger, feedId, failures, failed.Reason);
                break;

            case FeedFetchResult.Modified modified:
                var read = FeedDocumentReader.Read(modified.Content, modified.ContentType);
                if (!read.Succeeded)
                {
                    await RecordPollAsync(feedId, now, now + interval, read.Error, feed.ConsecutiveFailures + 1, cancellationToken);
                    tally.Fail($"{Redacted.Url(feed.Url)}: {read.Error}");
                    break;
                }
                var leftOut = await IngestItemsAsync(feedId, Redacted.Url(feed.Url), read.Items, tally, cancellationToken, progress);
                // With items left for later the next poll must read the feed again, not be told it is unchanged.
                await db.Feeds.Where(f => f.Id == feedId).ExecuteUpdateAsync(s => s
                    .SetProperty(f => f.ETag, leftOut > 0 ? null : modified.ETag)
                    .SetProperty(f => f.LastModified, leftOut > 0 ? null : modified.LastModified), cancellationToken);
                await RecordPollAsync(feedId, now, now + interval, error: null, failures: 0, cancellationToken);
                FeedLog.Polled(logger, feedId, tally.ToString());
                break;
        }
        return tally;
    }

    /// <summary>
    /// Takes in a feed's items, each as one brief, all or nothing per item. With a stored feed, items already taken in
    /// with the same content are skipped, so a re-ordered or re-sent feed changes nothing. At most
    /// <see cref="IngestOptions.MaxNewItemsPerPoll"/> new or changed items are taken in, in feed order; the rest are
    /// refused, named in one error, and their count returned.
    /// </summary>
    /// <param name="origin">Where the items came from, as errors, logs and the stored brief name it: a feed URL <see cref="Redacted"/>.</param>
    public async Task<int> IngestItemsAsync(long? feedId, string origin, IReadOnlyList<FeedEntry> items, IngestTally tally,
        CancellationToken cancellationToken, IProgress<IngestTally>? progress = null)
    {
        var max = ingestOptions.Value.MaxNewItemsPerPoll;
        int taken = 0, leftOut = 0;
        foreach (var item in items)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(item.Content)));
            var seen = feedId is null ? null : await db.FeedItems.AsNoTracking()
                .SingleOrDefaultAsync(i => i.FeedId == feedId && i.ItemKey == item.Key, cancellationToken);
            if (seen is not null && seen.ContentHash == hash)
            {
                tally.Add(new IngestOutcome(seen.Error is null ? IngestStatus.Unchanged : IngestStatus.Rejected, seen.BriefId, [], []));
                progress?.Report(tally);
                continue;
            }

            if (taken == max)
            {
                leftOut++;
                continue;
            }
            taken++;
            var place = $"{origin} item {item.Key}";
            var parsed = BriefInput.Parse(Encoding.UTF8.GetBytes(WithTitle(item)), FormatOf(item), ingestOptions.Value.MaxBriefBytes);
            var outcome = parsed.Brief is { } brief
                ? await ingestor.IngestAsync(brief, place, feedId is { } owner ? BriefOwner.Feed(owner) : BriefOwner.CommandLine, cancellationToken)
                : IngestOutcome.Rejected(parsed.Errors.Select(e => e.Describe(place)));
            if (parsed.Brief is null) BrieflyTelemetry.BriefIngested(nameof(IngestStatus.Rejected), "feed");
            tally.Add(outcome);
            progress?.Report(tally);
            if (feedId is { } id) await RememberAsync(id, item.Key, hash, outcome, seen, cancellationToken);
        }
        if (leftOut > 0)
        {
            var rest = feedId is null ? $"the other {leftOut} are refused" : $"the other {leftOut} wait for the next polls";
            tally.Refuse(leftOut, $"{origin}: {taken + leftOut} new items; one poll takes at most {max} " +
                $"({IngestOptions.Section}:{nameof(IngestOptions.MaxNewItemsPerPoll)}); {rest}");
            progress?.Report(tally);
        }
        return leftOut;
    }

    private async Task RememberAsync(long feedId, string key, string hash, IngestOutcome outcome, FeedItem? seen, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var error = outcome.Errors.Count == 0 ? null : Truncate(string.Join("\n", outcome.Errors), 4000);
        if (seen is null)
        {
            db.FeedItems.Add(new FeedItem
            {
                FeedId = feedId, ItemKey = key, ContentHash = hash, BriefId = outcome.BriefId, Error = error,
                FirstSeenAt = now, LastSeenAt = now,
            });
        }
        else
        {
            db.FeedItems.Attach(seen);
            seen.ContentHash = hash;
            seen.BriefId = outcome.BriefId ?? seen.BriefId;
            seen.Error = error;
            seen.LastSeenAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// A 301 or 308: the feed is polled at its new address from now on, unless that address is already a feed of ours.
    /// The fetcher reports only addresses it was allowed to reach (<see cref="FeedAddressPolicy"/>).
    /// </summary>
    private async Task FollowMoveAsync(long feedId, string from, string to, CancellationToken cancellationToken)
    {
        if (await db.Feeds.AnyAsync(f => f.Url == to, cancellationToken))
        {
            FeedLog.MoveRefused(logger, feedId, Redacted.Url(to));
            return;
        }
        await db.Feeds.Where(f => f.Id == feedId).ExecuteUpdateAsync(s => s.SetProperty(f => f.Url, to), cancellationToken);
        FeedLog.MoveFollowed(logger, feedId, Redacted.Url(from), Redacted.Url(to));
    }

    private Task<int> RecordPollAsync(long feedId, DateTime polledAt, DateTime nextPollAt, string? error, int failures, CancellationToken cancellationToken) =>
        db.Feeds.Where(f => f.Id == feedId).ExecuteUpdateAsync(s => s
            .SetProperty(f => f.LastPolledAt, polledAt)
            .SetProperty(f => f.NextPollAt, nextPollAt)
            .SetProperty(f => f.LastError, error == null ? null : Truncate(error, 2000))
            .SetProperty(f => f.ConsecutiveFailures, failures), cancellationToken);

    /// <summary>Feeds often carry the brief's title only in the item's title; the parser needs it in the text.</summary>
    private static string WithTitle(FeedEntry item)
    {
        if (string.IsNullOrWhiteSpace(item.Title) || item.Content.Contains(item.Title.Trim(), StringComparison.OrdinalIgnoreCase))
            return item.Content;
        return item.ContentType == FeedEntry.Html
            ? $"<h1>{System.Net.WebUtility.HtmlEncode(item.Title.Trim())}</h1>\n{item.Content}"
            : $"{item.Title.Trim()}\n\n{item.Content}";
    }

    private static BriefFormat FormatOf(FeedEntry item) => item.ContentType == FeedEntry.Html ? BriefFormat.Html : BriefFormat.Auto;

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
