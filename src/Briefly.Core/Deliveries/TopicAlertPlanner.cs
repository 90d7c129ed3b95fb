using Briefly.Core.Conversations;
using Briefly.Core.Search;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Briefly.Core.Deliveries;

/// <summary>
/// Plans alerts for followed topics (the match job): <see cref="MatchNewStoriesAsync"/> matches each newly stored story
/// once against every followed topic and records an alert per follower and story; <see cref="DueUsersAsync"/> says whose
/// alerts may go now, which <see cref="TopicAlertSender"/> sends.
/// </summary>
public sealed class TopicAlertPlanner(BrieflyDbContext db, TopicMatcher matcher, TimeProvider time, ILogger<TopicAlertPlanner> logger)
{
    /// <summary>Stories matched per run; a large ingest is worked through over several runs.</summary>
    public const int MatchBatch = 500;

    /// <summary>A story older than this when it is first matched alerts nobody: a new install never floods people with the archive.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromDays(2);

    /// <summary>Matches the stories not matched yet; returns how many alerts were recorded.</summary>
    public async Task<int> MatchNewStoriesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var stale = now - TopicAlertSender.GiveUpAfter;
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
        if (alerts.Count > 0) DeliveryLog.AlertsMatched(logger, alerts.Count, matched.Count);
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
}
