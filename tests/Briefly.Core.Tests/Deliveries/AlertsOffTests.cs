using Briefly.Core.Deliveries;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Core.Tests.Deliveries;

/// <summary>`alerts off`: the person keeps their topics and gets nothing, and nothing waits to flood them when alerts are back on.</summary>
public sealed class AlertsOffTests
{
    /// <summary>10:00 in Shanghai on 29 April 2026.</summary>
    private static readonly DateTimeOffset Morning = new(2026, 4, 29, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_person_with_alerts_off_keeps_their_topics_and_gets_no_alert_and_nothing_piles_up(DatabaseProvider provider)
    {
        await using var world = await World.StartAsync(provider, Morning, ingestSeed: false);
        var off = await world.AddFollowerAsync("DeepSeek", u => u.AlertMode = AlertMode.Off);
        var on = await world.AddFollowerAsync("DeepSeek");
        world.Time.Advance(TimeSpan.FromMinutes(1));
        await world.IngestSeedAsync();

        await world.MatchAsync();
        Assert.Equal([on], await world.DueUsersAsync());
        await world.SendAlertsAsync(off);

        await using var db = world.Database.CreateContext();
        Assert.DoesNotContain(await db.TopicAlerts.Select(a => a.UserId).ToListAsync(), id => id == off);
        Assert.Empty(world.Sender.Sent);
        Assert.Equal(["DeepSeek"], await db.TopicSubscriptions.Where(s => s.UserId == off).Select(s => s.Topic).ToListAsync());
    }

    [Fact]
    public void The_schedule_never_finds_alerts_due_for_a_person_with_alerts_off()
    {
        var user = new User { ExternalId = "U1", AlertMode = AlertMode.Off, TimeZone = "Asia/Shanghai" };
        var (due, day) = AlertSchedule.Check(user, Morning, Morning.UtcDateTime.AddHours(-3));
        Assert.False(due);
        Assert.Equal(new DateOnly(2026, 4, 29), day);
    }
}
