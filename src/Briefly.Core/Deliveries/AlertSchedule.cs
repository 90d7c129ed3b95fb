using Briefly.Core.Conversations;
using Briefly.Data.Entities;

namespace Briefly.Core.Deliveries;

/// <summary>When a person's alerts may go out, in their own time zone: instant ones outside quiet hours, a digest once a day at its time.</summary>
public static class AlertSchedule
{
    /// <summary>
    /// Whether the person's waiting alerts (the oldest stored at <paramref name="oldestWaitingUtc"/>) may be sent at
    /// <paramref name="now"/>, and the local day the send is for. Instant alerts go at once, outside quiet hours. A digest
    /// goes at the person's digest time with what was waiting by then: alerts that arrive later wait for the next one,
    /// and a digest time missed (the host was down) is caught up the same day.
    /// </summary>
    public static (bool Due, DateOnly Day) Check(User user, DateTimeOffset now, DateTime oldestWaitingUtc)
    {
        var zone = user.TimeZone is { } name && TimeZones.TryFind(name, out var found) ? found : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var (today, clock) = (DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
        if (user.AlertMode == AlertMode.Off) return (false, today);
        if (user.AlertMode != AlertMode.Daily) return (!InQuietHours(user, clock), today);

        var day = clock >= user.DigestTime ? today : today.AddDays(-1);
        // A digest time the clocks skip comes when they land.
        var digestAt = TimeZones.ToUtc(day.ToDateTime(user.DigestTime), zone);
        return (user.LastDigestOn != day && oldestWaitingUtc <= digestAt, day);
    }

    /// <summary>Quiet hours may run over midnight (22:00–07:00); the start is quiet, the end is not.</summary>
    public static bool InQuietHours(User user, TimeOnly clock) => (user.QuietHoursStart, user.QuietHoursEnd) switch
    {
        ({ } start, { } end) when start < end => clock >= start && clock < end,
        ({ } start, { } end) when start > end => clock >= start || clock < end,
        _ => false,
    };
}
