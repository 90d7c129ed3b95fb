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

    [Fact]
    public void A_time_the_clocks_skip_falls_due_when_they_land()
    {
        // 29 March 2026: clocks in London go from 01:00 to 02:00; 01:30 does not exist that night.
        var london = Channel("Europe/London", 1, 30, WeekDays.Every);

        var due = BriefSchedule.Due(london, Utc(3, 29, 1, 45));

        Assert.Equal(Utc(3, 29, 1, 30).UtcDateTime, due!.Value.DueAtUtc);
    }

    [Fact]
    public void An_unknown_time_zone_is_read_as_utc()
    {
        Assert.Equal(Utc(4, 29, 8, 30).UtcDateTime, BriefSchedule.Due(Channel("Mars/Olympus"), Utc(4, 29, 9, 0))!.Value.DueAtUtc);
    }
}
