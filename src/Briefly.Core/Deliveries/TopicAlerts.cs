using Briefly.Core.Conversations;
using Briefly.Core.Messaging;
using Briefly.Core.Search;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Briefly.Core.Deliveries;

/// <summary>
/// Alerts for followed topics: <see cref="MatchNewStoriesAsync"/> matches each newly stored story once against every
/// followed topic and records an alert per follower and story; <see cref="DueUsersAsync"/> says whose alerts may go
/// now; <see cref="SendAsync"/> sends one person's waiting alerts to their direct chat, as alerts or as the day's digest.
/// </summary>
public sealed partial class TopicAlerts(
    BrieflyDbContext db,
    TopicMatcher matcher,
    StoryAnswers answers,
    Outbox outbox,
    TimeProvider time,
    ILogger<TopicAlerts> logger)
{
    /// <summary>Stories matched per run; a large ingest is worked through over several runs.</summary>
    public const int MatchBatch = 500;

    /// <summary>A story older than this when it is first matched alerts nobody: a new install never floods people with the archive.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromDays(2);

    public static readonly TimeSpan ClaimTime = TimeSpan.FromMinutes(5);

    /// <summary>An alert that could not be sent within this long (a chat that keeps failing) is dropped: old news is not an alert.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(3);

    /// <summary>Matches the stories not matched yet; returns how many alerts were recorded.</summary>
    public async Task<int> MatchNewStoriesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var stale = now - GiveUpAfter;
        await db.TopicAlerts.Where(a => a.Status == DeliveryStatus.Planned && a.CreatedAt < stale)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, DeliveryStatus.Skipped), cancellationToken);

        // Stories too old to alert anyone are settled in one statement, so a large archive (a first start after an
        // upgrade) never holds up the new stories behind it.
        var oldest = now - FreshFor;
        await db.Stories.Where(s => s.AlertsMatchedAt == null && s.CreatedAt < oldest)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.AlertsMatchedAt, now), cancellationToken);

        var batch = await db.Stories.AsNoTracking().Where(s => s.AlertsMatchedAt == null)
            .OrderBy(s => s.Id).Take(MatchBatch).Select(s => new { s.Id, s.CreatedAt })
            .ToListAsync(cancellationToken);
        if (batch.Count == 0) return 0;

        var storedAt = batch.ToDictionary(s => s.Id, s => s.CreatedAt);
        var matches = await matcher.MatchAsync([.. storedAt.Keys], cancellationToken);
        var keys = matches.Select(m => m.TopicKey).Distinct().ToList();
        var followers = await db.TopicSubscriptions.AsNoTracking().Where(s => keys.Contains(s.TopicKey) && s.User.AlertMode != AlertMode.Off)
            .Select(s => new { s.UserId, s.TopicKey, s.Topic, s.CreatedAt }).ToListAsync(cancellationToken);
        var storyIds = storedAt.Keys.ToList();
        var existing = (await db.TopicAlerts.AsNoTracking().Where(a => storyIds.Contains(a.StoryId))
            .Select(a => new { a.UserId, a.StoryId }).ToListAsync(cancellationToken)).Select(a => (a.UserId, a.StoryId)).ToHashSet();

        var alerts = new List<TopicAlert>();
        foreach (var match in matches)
        {
            // Only stories stored after the person followed the topic; one alert per person and story, under the first topic that matched.
            foreach (var follower in followers.Where(f => f.TopicKey == match.TopicKey && f.CreatedAt <= storedAt[match.StoryId]))
            {
                if (!existing.Add((follower.UserId, match.StoryId))) continue;
                alerts.Add(new TopicAlert { UserId = follower.UserId, StoryId = match.StoryId, Topic = follower.Topic, Status = DeliveryStatus.Planned, CreatedAt = now });
            }
        }
        db.TopicAlerts.AddRange(alerts);
        await db.SaveChangesAsync(cancellationToken);

        var matched = batch.Select(s => s.Id).ToList();
        await db.Stories.Where(s => matched.Contains(s.Id)).ExecuteUpdateAsync(s => s.SetProperty(x => x.AlertsMatchedAt, now), cancellationToken);
        if (alerts.Count > 0) LogMatched(logger, alerts.Count, matched.Count);
        return alerts.Count;
    }

    /// <summary>The people with alerts waiting whose time it is (see <see cref="AlertSchedule"/>) and a direct chat to send them to.</summary>
    public async Task<IReadOnlyList<long>> DueUsersAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var oldestWaiting = await db.TopicAlerts.Where(a => a.Status == DeliveryStatus.Planned)
            .GroupBy(a => a.UserId).Select(g => new { UserId = g.Key, Oldest = g.Min(a => a.CreatedAt) })
            .ToDictionaryAsync(x => x.UserId, x => x.Oldest, cancellationToken);
        var ids = oldestWaiting.Keys.ToList();
        var users = await db.Users.AsNoTracking()
            .Where(u => ids.Contains(u.Id) && u.DirectConversation != null && u.DirectConversation.BlockedAt == null
                && (u.AlertsClaimedUntil == null || u.AlertsClaimedUntil <= now.UtcDateTime))
            .ToListAsync(cancellationToken);
        return [.. users.Where(u => AlertSchedule.Check(u, now, oldestWaiting[u.Id]).Due).Select(u => u.Id)];
    }

    /// <summary>Queues one person's waiting alerts, if it is their time and no other host is at it. Safe to run any number of times.</summary>
    public async Task SendAsync(long userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var until = now.UtcDateTime + ClaimTime;
        var claimed = await db.Users
            .Where(u => u.Id == userId && (u.AlertsClaimedUntil == null || u.AlertsClaimedUntil <= now.UtcDateTime))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AlertsClaimedUntil, until), cancellationToken);
        if (claimed == 0) return;

        var user = await db.Users.Include(u => u.DirectConversation).SingleAsync(u => u.Id == userId, cancellationToken);
        try
        {
            var oldest = await db.TopicAlerts.Where(a => a.UserId == userId && a.Status == DeliveryStatus.Planned)
                .MinAsync(a => (DateTime?)a.CreatedAt, cancellationToken);
            var (due, day) = oldest is { } waitingSince ? AlertSchedule.Check(user, now, waitingSince) : (false, default);
            if (due && user.DirectConversation is { BlockedAt: null } chat) await QueueWaitingAsync(user, chat, day, cancellationToken);
        }
        finally
        {
            user.AlertsClaimedUntil = null;
            await db.SaveChangesAsync(CancellationToken.None);
        }
    }

    private async Task QueueWaitingAsync(User user, Conversation chat, DateOnly day, CancellationToken cancellationToken)
    {
        var alerts = await db.TopicAlerts.Where(a => a.UserId == user.Id && a.Status == DeliveryStatus.Planned)
            .OrderBy(a => a.Id).ToListAsync(cancellationToken);
        if (alerts.Count == 0) return;
        var stories = (await answers.StoriesAsync(alerts.Select(a => new StoryHit(a.StoryId, 0, true)), cancellationToken)).ToDictionary(s => s.Id);
        // Grouped by the topic that matched, newest story first; one message per topic, or one digest.
        var byTopic = alerts.GroupBy(a => a.Topic, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<StoryView>)[.. g.Where(a => stories.ContainsKey(a.StoryId)).Select(a => stories[a.StoryId])]));
        // Queued in the outbox, which sends them at the platform's pace and retries through outages until they are too old.
        var kind = user.AlertMode == AlertMode.Daily ? OutboundKind.Digest : OutboundKind.Alert;
        foreach (var reply in Compose(user.AlertMode, day, byTopic)) outbox.Add(chat.Id, reply, kind, GiveUpAfter);
        if (user.AlertMode == AlertMode.Daily) user.LastDigestOn = day;
        Finish(alerts, DeliveryStatus.Queued);
        await db.SaveChangesAsync(cancellationToken);
        outbox.Poke();
        LogQueued(logger, alerts.Count, user.Id, user.AlertMode == AlertMode.Daily ? "digest" : "alerts");
    }

    /// <summary>
    /// The messages a person gets for the stories that matched their topics: one alert per topic, or one digest of them all
    /// for the day when they chose a daily digest; newest story first, topics with no story left out.
    /// </summary>
    public static IReadOnlyList<Reply> Compose(AlertMode mode, DateOnly day, IEnumerable<(string Topic, IReadOnlyList<StoryView> Stories)> byTopic)
    {
        var sections = byTopic.Where(t => t.Stories.Count > 0)
            .Select(t => new DigestSection(t.Topic, [.. t.Stories.OrderByDescending(s => s.Date)])).ToList();
        if (mode == AlertMode.Daily) return sections.Count > 0 ? [new DigestReply(day, sections)] : [];
        return [.. sections.Select(s => new AlertReply(s.Topic, s.Stories))];
    }

    private void Finish(IEnumerable<TopicAlert> alerts, DeliveryStatus status)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var alert in alerts)
        {
            alert.Status = status;
            if (status == DeliveryStatus.Queued) alert.SentAt = now;
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Recorded {Alerts} topic alerts over {Stories} new stories")]
    private static partial void LogMatched(ILogger logger, int alerts, int stories);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "Queued {Alerts} alerts for user {UserId} as {Form}")]
    private static partial void LogQueued(ILogger logger, int alerts, long userId, string form);
}
