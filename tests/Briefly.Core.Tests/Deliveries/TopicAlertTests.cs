using Briefly.Core.Conversations;
using Briefly.Core.Messaging;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Core.Tests.Deliveries;

/// <summary>
/// Alerts for followed topics on a real database: the seed brief (several DeepSeek stories) stored after a person
/// followed "DeepSeek", matched with the search engine's own judgement, sent to the person's direct chat by a scripted
/// platform (the platforms' senders are tested over loopback in their own projects).
/// </summary>
public sealed class TopicAlertTests
{
    /// <summary>10:00 in Shanghai on 29 April 2026.</summary>
    private static readonly DateTimeOffset Morning = new(2026, 4, 29, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task New_stories_on_a_followed_topic_reach_the_persons_direct_chat_once(DatabaseProvider provider)
    {
        await using var world = await World.StartAsync(provider, Morning, ingestSeed: false);
        var user = await world.AddFollowerAsync("DeepSeek");
        var other = await world.AddFollowerAsync("quantum sensors");
        world.Time.Advance(TimeSpan.FromMinutes(1));
        await world.IngestSeedAsync();

        Assert.True(await world.MatchAsync() > 0);
        Assert.Equal([user], await world.DueUsersAsync());
        await world.SendAlertsAsync(user);
        await world.SendAlertsAsync(user);

        var alert = Assert.IsType<AlertReply>(Assert.Single(world.Sender.Sent).Reply);
        Assert.Equal("DeepSeek", alert.Topic);
        Assert.NotEmpty(alert.Stories);
        Assert.All(alert.Stories, s => Assert.Contains("DeepSeek", s.Title + s.Summary, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, await world.MatchAsync());
        Assert.Empty(await world.DueUsersAsync());
        await using var db = world.Database.CreateContext();
        Assert.All(await db.TopicAlerts.ToListAsync(), a => Assert.Equal((user, DeliveryStatus.Queued), (a.UserId, a.Status)));
        Assert.DoesNotContain(await db.TopicAlerts.Select(a => a.UserId).ToListAsync(), id => id == other);
    }

    [Fact]
    public async Task Stories_stored_before_the_person_followed_or_matched_long_after_alert_nobody()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, Morning);
        world.Time.Advance(TimeSpan.FromMinutes(1));
        await world.AddFollowerAsync("DeepSeek");
        Assert.Equal(0, await world.MatchAsync());

        // Stored after following, but first matched three days later (the host was down): too old to alert.
        world.Time.Advance(TimeSpan.FromMinutes(1));
        await world.IngestAsync(Path.Combine(SharedFiles.DevCorpus, "brief-2026-05-13.txt"));
        world.Time.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, await world.MatchAsync());
        Assert.Empty(await world.DueUsersAsync());
    }

    [Fact]
    public async Task Quiet_hours_hold_alerts_until_they_end()
    {
        // 23:00 in Shanghai.
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, Morning.AddHours(13), ingestSeed: false);
        var user = await world.AddFollowerAsync("DeepSeek", u =>
            (u.TimeZone, u.QuietHoursStart, u.QuietHoursEnd) = ("Asia/Shanghai", new TimeOnly(22, 0), new TimeOnly(7, 0)));
        world.Time.Advance(TimeSpan.FromMinutes(1));
        await world.IngestSeedAsync();
        await world.MatchAsync();

        Assert.Empty(await world.DueUsersAsync());
        await world.SendAlertsAsync(user);
        Assert.Empty(world.Sender.Sent);

        world.Time.Advance(TimeSpan.FromHours(8));
        Assert.Equal([user], await world.DueUsersAsync());
        await world.SendAlertsAsync(user);
        Assert.Single(world.Sender.Sent);
    }

    [Fact]
    public async Task A_daily_digest_goes_once_a_day_at_the_persons_time()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, Morning.AddHours(13), ingestSeed: false);
        var user = await world.AddFollowerAsync("DeepSeek", u =>
            (u.TimeZone, u.AlertMode, u.DigestTime) = ("Asia/Shanghai", AlertMode.Daily, new TimeOnly(8, 0)));
        world.Time.Advance(TimeSpan.FromMinutes(1));
        await world.IngestSeedAsync();
        await world.MatchAsync();
        Assert.Empty(await world.DueUsersAsync());

        // 08:01 the next morning: the digest of everything waiting, in one message.
        world.Time.Advance(TimeSpan.FromHours(9));
        Assert.Equal([user], await world.DueUsersAsync());
        await world.SendAlertsAsync(user);
        var digest = Assert.IsType<DigestReply>(Assert.Single(world.Sender.Sent).Reply);
        Assert.Equal((new DateOnly(2026, 4, 30), "DeepSeek"), (digest.Date, Assert.Single(digest.Sections).Topic));

        // More news the same day waits for tomorrow's digest.
        world.Time.Advance(TimeSpan.FromMinutes(1));
        await world.IngestAsync(Path.Combine(SharedFiles.DevCorpus, "brief-2026-05-13.txt"));
        Assert.True(await world.MatchAsync() > 0);
        Assert.Empty(await world.DueUsersAsync());
        world.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal([user], await world.DueUsersAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Hosts_sending_the_same_persons_alerts_at_once_send_them_once(DatabaseProvider provider)
    {
        await using var world = await World.StartAsync(provider, Morning, ingestSeed: false);
        var user = await world.AddFollowerAsync("DeepSeek");
        world.Time.Advance(TimeSpan.FromMinutes(1));
        await world.IngestSeedAsync();
        await world.MatchAsync();
        world.Sender.Delay = TimeSpan.FromMilliseconds(200);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => world.SendAlertsAsync(user)));

        Assert.Single(world.Sender.Sent);
    }

    [Fact]
    public async Task Alerts_are_retried_through_an_outage_and_dropped_only_after_three_days()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, Morning, ingestSeed: false);
        var user = await world.AddFollowerAsync("DeepSeek");
        world.Time.Advance(TimeSpan.FromMinutes(1));
        await world.IngestSeedAsync();
        await world.MatchAsync();
        world.Sender.FailAfter = 0;
        await world.SendAlertsAsync(user);
        Assert.Empty(await world.DueUsersAsync());

        // An hour of outage: the queued alert is tried again and again, and goes out once the platform is back.
        for (var minute = 0; minute < 60; minute++)
        {
            world.Time.Advance(TimeSpan.FromMinutes(1));
            world.Sender.FailAfter = 0;
            await world.DispatchAsync();
        }
        world.Sender.FailAfter = null;
        world.Time.Advance(Backoff.LongestWait);
        await world.DispatchAsync();
        Assert.IsType<AlertReply>(Assert.Single(world.Sender.Sent).Reply);

        // One that never gets through is failed after three days, its error kept.
        var other = await world.AddFollowerAsync("Huawei");
        world.Time.Advance(TimeSpan.FromMinutes(1));
        await world.IngestAsync(Path.Combine(SharedFiles.DevCorpus, "brief-2026-05-13.txt"));
        await world.MatchAsync();
        world.Sender.FailAfter = 0;
        await world.SendAlertsAsync(other);
        for (var hour = 0; hour < 3 * 24 + 1; hour++)
        {
            world.Time.Advance(TimeSpan.FromHours(1));
            world.Sender.FailAfter = 0;
            await world.DispatchAsync();
        }
        await using var db = world.Database.CreateContext();
        var failed = await db.OutboundMessages.Where(m => m.Status == DeliveryStatus.Failed).ToListAsync();
        Assert.NotEmpty(failed);
        Assert.All(failed, m => Assert.Equal("connection refused", m.LastError));
        Assert.Empty(await db.OutboundMessages.Where(m => m.Status == DeliveryStatus.Planned).ToListAsync());
    }

    [Fact]
    public async Task A_person_who_blocked_the_bot_gets_no_more_alerts()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, Morning, ingestSeed: false);
        var user = await world.AddFollowerAsync("DeepSeek");
        world.Time.Advance(TimeSpan.FromMinutes(1));
        await world.IngestSeedAsync();
        await world.MatchAsync();
        world.Sender.Unreachable = true;

        await world.SendAlertsAsync(user);

        Assert.Empty(await world.DueUsersAsync());
        await using var db = world.Database.CreateContext();
        Assert.NotNull((await db.Users.Include(u => u.DirectConversation).SingleAsync(u => u.Id == user)).DirectConversation!.BlockedAt);
        Assert.Equal(DeliveryStatus.Skipped, (await db.OutboundMessages.SingleAsync()).Status);
    }
}
