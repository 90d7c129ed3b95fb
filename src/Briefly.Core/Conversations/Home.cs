using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Core.Conversations;

/// <summary>
/// A person's Briefly at a glance: what Slack shows on the app's Home tab, and what "home" answers anywhere. Built fresh
/// from the database each time, so it shows what is true now.
/// </summary>
public sealed class Home(BrieflyDbContext db, TimeProvider time)
{
    /// <summary>More would not fit a Home tab's 100 blocks beside the rest; the channels are named by "schedule" in each.</summary>
    private const int MaxChannels = 20;

    private const int MaxHeadlines = 10;

    public async Task<HomeReply> ForAsync(User user, Conversation conversation, CancellationToken cancellationToken)
    {
        var channels = await db.Conversations.AsNoTracking()
            .Where(c => c.Platform == conversation.Platform && c.TenantId == conversation.TenantId && c.Kind != ConversationKind.Personal
                && c.BlockedAt == null && c.BriefTime != null)
            .OrderBy(c => c.Name).ThenBy(c => c.ExternalId)
            .Take(MaxChannels)
            .Select(c => new HomeChannel(c.ExternalId, c.Name, new ScheduleView(c.BriefTime, c.TimeZone, c.BriefDays, c.Paused)))
            .ToListAsync(cancellationToken);
        var today = TimeZones.Today(time, user.TimeZone);
        var latest = await db.Briefs.AsNoTracking()
            .Where(b => b.Date <= today)
            .OrderByDescending(b => b.Date).ThenByDescending(b => b.UpdatedAt)
            .Select(b => new { b.Title, b.Date, Headlines = b.Stories.OrderBy(s => s.Position).Select(s => s.Title).Take(MaxHeadlines).ToList() })
            .FirstOrDefaultAsync(cancellationToken);
        return new HomeReply(
            [.. user.Subscriptions.OrderBy(s => s.CreatedAt).Select(s => s.Topic)],
            new SettingsReply(user.AlertMode, user.DigestTime, user.TimeZone, user.QuietHoursStart, user.QuietHoursEnd, null, null),
            channels,
            latest is null ? null : new HomeBrief(latest.Title, latest.Date, latest.Headlines));
    }
}
