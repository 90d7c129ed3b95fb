using Briefly.Core.Conversations;
using Briefly.Core.Messaging;
using Briefly.Core.Search;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Briefly.Core.Deliveries;

/// <summary>
/// Sends one person's waiting alerts to their direct chat (the send job), as alerts or as the day's digest, through the
/// outbox; <see cref="Compose"/> is how those messages are made.
/// </summary>
public sealed class TopicAlertSender(BrieflyDbContext db, StoryAnswers answers, Outbox outbox, TimeProvider time, ILogger<TopicAlertSender> logger)
{
    public static readonly TimeSpan ClaimTime = TimeSpan.FromMinutes(5);

    /// <summary>An alert that could not be sent within this long (a chat that keeps failing) is dropped: old news is not an alert.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(3);

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
        DeliveryLog.AlertsQueued(logger, alerts.Count, user.Id, user.AlertMode == AlertMode.Daily ? "digest" : "alerts");
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
}
