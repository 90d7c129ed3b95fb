namespace Briefly.Core.Conversations;

/// <summary>Time zones by their IANA names, and wall-clock times in them.</summary>
public static class TimeZones
{
    /// <summary>IANA names ("Asia/Shanghai") and "UTC"; .NET on Linux and Windows (with ICU) both know them.</summary>
    public static bool TryFind(string name, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64) return false;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(name.Trim());
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    public static DateOnly Today(TimeProvider time, string? zoneName) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zoneName is not null && TryFind(zoneName, out var zone) ? zone : TimeZoneInfo.Utc).DateTime);

    /// <summary>
    /// The moment a wall-clock time comes in the zone. A time the clocks skip (in a spring-forward gap) comes when they
    /// land, as late after the gap as it lay into it: the gap's own length later on the clock, an hour in most zones,
    /// half an hour on Lord Howe Island (02:15 there is 02:45 that night). A time shown twice (fall back) is its first.
    /// </summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (!zone.IsInvalidTime(local)) return TimeZoneInfo.ConvertTimeToUtc(local, zone);
        // The offset in force before the gap (hours before it, well clear of the change), applied to the skipped time.
        var before = zone.GetUtcOffset(local.AddHours(-6));
        return DateTime.SpecifyKind(local - before, DateTimeKind.Utc);
    }
}
