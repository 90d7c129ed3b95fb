using Briefly.Core.Deliveries;
using Briefly.Data.Entities;

namespace Briefly.Core.Tests.Deliveries;

public sealed class BriefScheduleTests
{
    private static Conversation Channel(string zone = "Asia/Shanghai", int hour = 8, int minute = 30, WeekDays days = WeekDays.Weekdays) => new()
    {
        ExternalId = "C1", ReferenceJson = "{}", Kind = ConversationKind.Channel,
        TimeZone = zone, BriefTime = new TimeOnly(hour, minute), BriefDays = days,
    };

    private static DateTimeOffset Utc(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void The_brief_falls_due_at_the_channels_own_time_on_its_own_day()
    {
        // 00:30 UTC on Wednesday 29 April is 08:30 in Shanghai.
        Assert.Null(BriefSchedule.Due(Channel(), Utc(4, 29, 0, 29)));
        Assert.Equal((new DateOnly(2026, 4, 29), Utc(4, 29, 0, 30).UtcDateTime), BriefSchedule.Due(Channel(), Utc(4, 29, 0, 30)));
        // 20:00 UTC on the 28th is already 04:00 on the 29th in Shanghai: not yet time there.
        Assert.Null(BriefSchedule.Due(Channel(), Utc(4, 28, 20, 0)));
        // Late the same local day it is still that day's brief.
        Assert.Equal(new DateOnly(2026, 4, 29), BriefSchedule.Due(Channel(), Utc(4, 29, 15, 0))!.Value.Day);
    }

    [Fact]
    public void Days_off_pauses_blocks_and_channels_without_a_schedule_are_never_due()
    {
        // Saturday 2 May in Shanghai.
        Assert.Null(BriefSchedule.Due(Channel(), Utc(5, 2, 3, 0)));
        Assert.NotNull(BriefSchedule.Due(Channel(days: WeekDays.Every), Utc(5, 2, 3, 0)));

        var paused = Channel();
        paused.Paused = true;
        var blocked = Channel();
        blocked.BlockedAt = new DateTime(2026, 4, 1);
        var unscheduled = Channel();
        unscheduled.BriefTime = null;
        Assert.All(new[] { paused, blocked, unscheduled }, c => Assert.Null(BriefSchedule.Due(c, Utc(4, 29, 3, 0))));
    }

    [Theory]
    // 29 March 2026: London's clocks go from 01:00 to 02:00, so 01:30 comes at 02:30 BST, 01:30 UTC.
    [InlineData("Europe/London", 1, 30, "2026-03-29T01:45:00Z", "2026-03-29T01:30:00Z", "02:30")]
    // 4 October 2026: Lord Howe Island's clocks go from 02:00 (+10:30) to 02:30 (+11:00), a half-hour gap: 02:15 comes at 02:45.
    [InlineData("Australia/Lord_Howe", 2, 15, "2026-10-03T16:00:00Z", "2026-10-03T15:45:00Z", "02:45")]
    public void A_time_the_clocks_skip_falls_due_when_they_land_by_the_gaps_own_length(string zone, int hour, int minute, string now, string dueUtc, string dueLocal)
    {
        var channel = Channel(zone, hour, minute, WeekDays.Every);

        var due = BriefSchedule.Due(channel, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture))!.Value.DueAtUtc;

        Assert.Equal(DateTimeOffset.Parse(dueUtc, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime, due);
        Assert.Equal(dueLocal, TimeZoneInfo.ConvertTimeFromUtc(due, TimeZoneInfo.FindSystemTimeZoneById(zone)).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void An_unknown_time_zone_is_read_as_utc()
    {
        Assert.Equal(Utc(4, 29, 8, 30).UtcDateTime, BriefSchedule.Due(Channel("Mars/Olympus"), Utc(4, 29, 9, 0))!.Value.DueAtUtc);
    }
}
