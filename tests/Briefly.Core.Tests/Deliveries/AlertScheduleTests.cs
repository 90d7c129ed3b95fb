using System.Globalization;
using Briefly.Core.Deliveries;
using Briefly.Data.Entities;

namespace Briefly.Core.Tests.Deliveries;

/// <summary>A daily digest whose time the clocks skip goes when they land, by the gap's own length, with what waited until then.</summary>
public sealed class AlertScheduleTests
{
    [Theory]
    // 29 March 2026, Berlin: 02:00 CET → 03:00 CEST. A 02:30 digest comes at 03:30 CEST, 01:30 UTC.
    [InlineData("Europe/Berlin", 2, 30, "2026-03-29T02:00:00Z", "2026-03-29T01:30:00Z")]
    // 4 October 2026, Lord Howe Island: 02:00 (+10:30) → 02:30 (+11:00). A 02:15 digest comes at 02:45, 15:45 UTC the day before.
    [InlineData("Australia/Lord_Howe", 2, 15, "2026-10-03T16:00:00Z", "2026-10-03T15:45:00Z")]
    public void A_digest_time_in_a_gap_takes_what_waited_until_the_clocks_land(string zone, int hour, int minute, string now, string digestUtc)
    {
        var user = new User { ExternalId = "U1", AlertMode = AlertMode.Daily, TimeZone = zone, DigestTime = new TimeOnly(hour, minute) };
        var at = DateTimeOffset.Parse(now, CultureInfo.InvariantCulture);
        var digest = DateTimeOffset.Parse(digestUtc, CultureInfo.InvariantCulture).UtcDateTime;

        Assert.True(AlertSchedule.Check(user, at, digest.AddMinutes(-1)).Due);
        Assert.False(AlertSchedule.Check(user, at, digest.AddMinutes(1)).Due);
    }
}
