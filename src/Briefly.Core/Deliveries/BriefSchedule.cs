using Briefly.Core.Conversations;
using Briefly.Data.Entities;

namespace Briefly.Core.Deliveries;

/// <summary>A channel's daily brief schedule, read in the channel's own time zone.</summary>
public static class BriefSchedule
{
    /// <summary>
    /// The local day whose brief is due in the conversation at <paramref name="now"/>, and the moment it fell due;
    /// null when nothing is due (no schedule, paused, blocked, not one of its days, or not yet its time today).
    /// </summary>
    public static (DateOnly Day, DateTime DueAtUtc)? Due(Conversation conversation, DateTimeOffset now)
    {
        if (conversation.BriefTime is not { } time || conversation.Paused || conversation.BlockedAt is not null) return null;
        var zone = TimeZones.TryFind(conversation.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var day = DateOnly.FromDateTime(local);
        if (!DayNames.Includes(conversation.BriefDays, local.DayOfWeek) || TimeOnly.FromDateTime(local) < time) return null;

        // A time the clocks skip (02:30 on a spring-forward night) comes due when they land.
        return (day, TimeZones.ToUtc(day.ToDateTime(time), zone));
    }
}
