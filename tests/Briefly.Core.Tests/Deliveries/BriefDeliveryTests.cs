using System.Collections.Concurrent;
using System.Text.Json;
using Briefly.Core.Briefs;
using Briefly.Core.Conversations;
using Briefly.Core.Deliveries;
using Briefly.Core.Messaging;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Briefly.Core.Tests.Deliveries;

/// <summary>
/// Planning and sending daily briefs on a real database (SQLite and PostgreSQL) with the seed brief of Wednesday
/// 29 April 2026 and a channel scheduled for 08:30 Shanghai time on weekdays (00:30 UTC). The platform is a scripted
/// sender here; the Teams and Slack senders are tested over loopback in their own projects.
/// </summary>
public sealed class BriefDeliveryTests
{
    private static readonly DateTimeOffset BeforeTime = World.BeforeTime;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_brief_goes_to_a_channel_once_at_its_time(DatabaseProvider provider)
    {
        await using var world = await World.StartAsync(provider);
        var channel = await world.AddChannelAsync();

        Assert.Empty(await world.PlanAsync());
        world.Time.Advance(TimeSpan.FromMinutes(2));
        var planned = Assert.Single(await world.PlanAsync());
        Assert.Empty(await world.PlanAsync());

        await world.DeliverAsync(planned);
        await world.DeliverAsync(planned);

        var sent = Assert.Single(world.Sender.Sent);
        Assert.Equal((channel, "China AI Update Brief — 29 April 2026"), (sent.ConversationId, ((BriefReply)sent.Reply).Title));
        await using var db = world.Database.CreateContext();
        var delivery = await db.Deliveries.SingleAsync();
        Assert.Equal((DeliveryStatus.Sent, 1), (delivery.Status, delivery.Attempts));
        Assert.Equal(["m1"], JsonSerializer.Deserialize<string[]>(delivery.MessageIds!)!);
        Assert.Equal(new DateTime(2026, 4, 29, 0, 30, 0), delivery.DueAt);
    }

    [Fact]
    public async Task A_fan_out_comes_in_runs_per_account_as_long_as_each_accounts_pace_allows()
    {
        // Slack is paced at 95 a second per workspace, Teams at 47.5 per tenant: two runs to the workspace for each to the tenant.
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, BeforeTime.AddMinutes(5));
        for (var i = 0; i < 8; i++) await world.AddChannelAsync(c => c.TenantId = "T1");
        for (var i = 0; i < 3; i++) await world.AddChannelAsync(c => (c.Platform, c.TenantId) = (ChatPlatform.Teams, "tenant-1"));

        var planned = await world.PlanAsync(batchSize: 2);

        await using var db = world.Database.CreateContext();
        var platforms = await db.Deliveries.Select(d => new { d.Id, d.Conversation.Platform })
            .ToDictionaryAsync(d => d.Id, d => d.Platform == ChatPlatform.Slack ? 'S' : 'T');
        Assert.Equal("SSSSTTSSSST", string.Concat(planned.Select(id => platforms[id])));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_fan_out_larger_than_a_stored_chunk_is_planned_whole_once_by_hosts_planning_at_once(DatabaseProvider provider)
    {
        // The planner stores new deliveries in chunks of 1,000 in one transaction; a host that loses the race for any of
        // them stores the rest one by one.
        await using var world = await World.StartAsync(provider, BeforeTime.AddMinutes(5));
        await using (var db = world.Database.CreateContext())
        {
            for (var i = 0; i < 2_500; i++)
                db.Conversations.Add(new Conversation
                {
                    Platform = i % 3 == 0 ? ChatPlatform.Teams : ChatPlatform.Slack, TenantId = $"account-{i % 3}", ExternalId = $"C{i}",
                    Kind = ConversationKind.Channel, ReferenceJson = "{}", TimeZone = "Asia/Shanghai", BriefTime = new TimeOnly(8, 30),
                    BriefDays = WeekDays.Weekdays,
                });
            await db.SaveChangesAsync();
        }

        var plans = await Task.WhenAll(world.PlanAsync(batchSize: 50), world.PlanAsync(batchSize: 50));

        var planned = plans.SelectMany(p => p).ToList();
        Assert.Equal(2_500, planned.Count);
        Assert.Equal(2_500, planned.Distinct().Count());
        await using var check = world.Database.CreateContext();
        var stored = await check.Deliveries.Select(d => new { d.Id, d.ConversationId }).ToListAsync();
        Assert.Equal(2_500, stored.Select(d => d.ConversationId).Distinct().Count());
        Assert.Equal(stored.Select(d => d.Id).Order(), planned.Order());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Hosts_planning_and_sending_at_the_same_moment_send_it_once(DatabaseProvider provider)
    {
        await using var world = await World.StartAsync(provider, BeforeTime.AddMinutes(5));
        await world.AddChannelAsync();
        world.Sender.Delay = TimeSpan.FromMilliseconds(200);

        var plans = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => world.PlanAsync()));
        var id = Assert.Single(plans.SelectMany(p => p).Distinct());
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => world.DeliverAsync(id)));

        Assert.Single(world.Sender.Sent);
        await using var db = world.Database.CreateContext();
        Assert.Equal(1, await db.Deliveries.CountAsync());
    }

    [Fact]
    public async Task Paused_blocked_and_unscheduled_channels_and_days_off_get_nothing()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, BeforeTime.AddHours(3));
        await world.AddChannelAsync(c => c.Paused = true);
        await world.AddChannelAsync(c => c.BlockedAt = new DateTime(2026, 4, 1));
        await world.AddChannelAsync(c => c.BriefTime = null);
        await world.AddChannelAsync(c => c.BriefDays = WeekDays.Weekend);

        Assert.Empty(await world.PlanAsync());
    }

    [Fact]
    public async Task A_brief_stored_after_the_channels_time_goes_out_when_it_arrives_that_day_and_not_the_next()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, BeforeTime.AddHours(-20), ingestSeed: false);
        await world.AddChannelAsync(c => c.BriefDays = WeekDays.Every);
        world.Time.Advance(TimeSpan.FromHours(22));
        Assert.Empty(await world.PlanAsync());

        await world.IngestSeedAsync();
        var planned = Assert.Single(await world.PlanAsync());
        await world.DeliverAsync(planned);
        Assert.Single(world.Sender.Sent);

        // The next day has no brief of its own: yesterday's is not sent again.
        world.Time.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await world.PlanAsync());
    }

    [Fact]
    public async Task A_send_that_fails_part_way_goes_on_after_the_messages_already_posted()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, BeforeTime.AddMinutes(5));
        await world.AddChannelAsync();
        world.Sender.MessagesPerReply = 3;
        world.Sender.FailAfter = 1;
        var id = Assert.Single(await world.PlanAsync());

        var retryAt = await world.DeliverAsync(id);
        Assert.NotNull(retryAt);
        world.Time.Advance(retryAt.Value - world.Time.GetUtcNow().UtcDateTime);
        Assert.Equal([id], await world.PlanAsync());
        Assert.Null(await world.DeliverAsync(id));

        Assert.Equal([0, 1, 2], world.Sender.Sent.Select(s => s.Index));
        await using var db = world.Database.CreateContext();
        var delivery = await db.Deliveries.SingleAsync();
        Assert.Equal((DeliveryStatus.Sent, 2), (delivery.Status, delivery.Attempts));
        Assert.Equal(["m1", "m2", "m3"], JsonSerializer.Deserialize<string[]>(delivery.MessageIds!)!);
    }

    [Fact]
    public async Task A_send_whose_answer_was_lost_is_looked_for_on_the_platform_before_it_is_posted_again()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, BeforeTime.AddMinutes(5));
        var channel = await world.AddChannelAsync();
        var id = Assert.Single(await world.PlanAsync());
        long briefId;
        await using (var db = world.Database.CreateContext()) briefId = (await db.Deliveries.SingleAsync()).BriefId;

        // The platform took the message, but the connection dropped before its answer came back.
        world.Sender.Keyed[(channel, $"delivery-{id}-brief-{briefId}")] = ["ts-lost"];
        world.Sender.FailAfter = 0;
        Assert.NotNull(await world.DeliverAsync(id));
        world.Sender.FailAfter = null;
        await using (var db = world.Database.CreateContext()) Assert.True((await db.Deliveries.SingleAsync()).Unsettled);

        world.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(await world.DeliverAsync(id));

        Assert.Empty(world.Sender.Sent);
        await using var check = world.Database.CreateContext();
        var sent = await check.Deliveries.SingleAsync();
        Assert.Equal((DeliveryStatus.Sent, false), (sent.Status, sent.Unsettled));
        Assert.Equal(["ts-lost"], JsonSerializer.Deserialize<string[]>(sent.MessageIds!)!);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_host_that_died_between_posting_and_recording_leaves_messages_that_are_found_not_posted_again(DatabaseProvider provider)
    {
        await using var world = await World.StartAsync(provider, BeforeTime.AddMinutes(5));
        var channel = await world.AddChannelAsync();
        world.Sender.MessagesPerReply = 3;
        var id = Assert.Single(await world.PlanAsync());

        // What a host killed after posting two of the three messages leaves: its claim, the flag of a send under way,
        // nothing recorded; the platform holds the two, marked with the send's key.
        await using (var db = world.Database.CreateContext())
        {
            var delivery = await db.Deliveries.SingleAsync();
            (delivery.Attempts, delivery.Unsettled, delivery.ClaimedUntil) = (1, true, world.Time.GetUtcNow().UtcDateTime.AddMinutes(5));
            await db.SaveChangesAsync();
            world.Sender.Keyed[(channel, $"delivery-{delivery.Id}-brief-{delivery.BriefId}")] = ["ts1", "ts2"];
        }

        Assert.Null(await world.DeliverAsync(id)); // still claimed by the dead host
        world.Time.Advance(BriefSender.ClaimTime);
        Assert.Equal([id], await world.PlanAsync());
        // Asking the platform is rate limited at first: nothing is posted, and the question is asked again next time.
        world.Sender.DeferLookups = TimeSpan.FromSeconds(30);
        Assert.NotNull(await world.DeliverAsync(id));
        await using (var db = world.Database.CreateContext()) Assert.True((await db.Deliveries.SingleAsync()).Unsettled);
        world.Sender.DeferLookups = null;
        world.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await world.DeliverAsync(id));

        // Only the third message was posted; the two found were recorded as sent.
        Assert.Equal([2], world.Sender.Sent.Select(s => s.Index));
        await using var check = world.Database.CreateContext();
        var sent = await check.Deliveries.SingleAsync();
        Assert.Equal((DeliveryStatus.Sent, false), (sent.Status, sent.Unsettled));
        Assert.Equal(["ts1", "ts2", "m1"], JsonSerializer.Deserialize<string[]>(sent.MessageIds!)!);
    }

    [Fact]
    public async Task A_platform_asking_to_wait_is_not_asked_again_before_its_time()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, BeforeTime.AddMinutes(5));
        await world.AddChannelAsync();
        world.Sender.Defer = TimeSpan.FromSeconds(30);
        var id = Assert.Single(await world.PlanAsync());

        // The platform's Retry-After to the second: not before, whoever asks.
        Assert.Equal(world.Time.GetUtcNow().UtcDateTime.AddSeconds(30), await world.DeliverAsync(id));
        world.Sender.Defer = null;
        await world.DeliverAsync(id);
        world.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(await world.PlanAsync());
        await world.DeliverAsync(id);
        Assert.Empty(world.Sender.Sent);

        world.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([id], await world.PlanAsync());
        await world.DeliverAsync(id);
        Assert.Single(world.Sender.Sent);
    }

    [Fact]
    public async Task A_channel_that_removed_the_bot_is_marked_and_gets_nothing_more()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, BeforeTime.AddMinutes(5));
        var channel = await world.AddChannelAsync(c => c.BriefDays = WeekDays.Every);
        world.Sender.Unreachable = true;
        var id = Assert.Single(await world.PlanAsync());

        await world.DeliverAsync(id);

        await using (var db = world.Database.CreateContext())
        {
            Assert.NotNull((await db.Conversations.SingleAsync(c => c.Id == channel)).BlockedAt);
            var delivery = await db.Deliveries.SingleAsync();
            Assert.Equal((DeliveryStatus.Skipped, "removed from the channel"), (delivery.Status, delivery.LastError));
        }
        world.Time.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await world.PlanAsync());
    }

    [Fact]
    public async Task A_delivery_is_retried_through_an_outage_of_hours_and_given_up_only_past_its_time()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, BeforeTime.AddMinutes(5));
        await world.AddChannelAsync();
        world.Sender.FailAfter = 0;
        var id = Assert.Single(await world.PlanAsync());

        // Eleven hours of failures, retried at the times the delivery names: far more attempts than any fixed count.
        var attempts = 0;
        var outageEnds = world.Time.GetUtcNow().UtcDateTime.AddHours(11);
        while (world.Time.GetUtcNow().UtcDateTime < outageEnds)
        {
            var next = await world.DeliverAsync(id);
            Assert.NotNull(next);
            attempts++;
            world.Time.Advance(next.Value - world.Time.GetUtcNow().UtcDateTime);
            world.Sender.FailAfter = 0;
        }
        Assert.True(attempts > 20, $"{attempts} attempts");
        world.Sender.FailAfter = null;
        Assert.Null(await world.DeliverAsync(id));
        Assert.Single(world.Sender.Sent);

    }

    [Fact]
    public async Task A_delivery_whose_platform_never_recovers_is_failed_with_its_error_once_its_time_is_up()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, BeforeTime.AddMinutes(5));
        await world.AddChannelAsync();
        var failing = Assert.Single(await world.PlanAsync());
        world.Sender.FailAfter = 0;
        while (await world.DeliverAsync(failing) is { } retryAt) world.Time.Advance(retryAt - world.Time.GetUtcNow().UtcDateTime);

        await using var db = world.Database.CreateContext();
        var delivery = await db.Deliveries.SingleAsync(d => d.Id == failing);
        Assert.Equal((DeliveryStatus.Failed, "connection refused"), (delivery.Status, delivery.LastError));
        Assert.True(world.Time.GetUtcNow().UtcDateTime - delivery.DueAt >= new MessagingOptions().BriefGiveUpAfter - TimeSpan.FromMinutes(6));
        Assert.Empty(await world.PlanAsync());
    }
}
