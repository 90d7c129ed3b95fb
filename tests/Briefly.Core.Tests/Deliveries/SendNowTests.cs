using Briefly.Core.Deliveries;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Core.Tests.Deliveries;

/// <summary>
/// The admin page's "send now" on a real database: the newest brief goes to the channel at once, through the same
/// delivery record the daily fan-out uses, so the channel still gets it once.
/// </summary>
public sealed class SendNowTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Send_now_delivers_the_newest_brief_at_once_and_the_channels_time_then_sends_nothing_more(DatabaseProvider provider)
    {
        // Two hours before the channel's 08:30.
        await using var world = await World.StartAsync(provider, World.BeforeTime.AddHours(-2));
        var channel = await world.AddChannelAsync(c => c.Name = "briefs");

        var now = await world.SendNowAsync(channel);
        Assert.Equal(SendNowStatus.Queued, now.Status);
        Assert.Equal("Sending “China AI Update Brief — 29 April 2026” to briefs (Slack) now.", now.Message);
        Assert.Null(await world.DeliverAsync(now.DeliveryId!.Value));
        world.Time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(2));
        var planned = await world.PlanAsync();
        var again = await world.SendNowAsync(channel);

        Assert.Empty(planned);
        Assert.Equal(SendNowStatus.Unneeded, again.Status);
        Assert.Contains("a brief goes to a channel once", again.Message);
        Assert.Equal(channel, Assert.Single(world.Sender.Sent).ConversationId);
        await using var db = world.Database.CreateContext();
        var delivery = await db.Deliveries.SingleAsync();
        Assert.Equal((DeliveryStatus.Sent, World.BeforeTime.AddHours(-2).UtcDateTime), (delivery.Status, delivery.DueAt));
    }

    [Fact]
    public async Task A_failed_delivery_is_tried_again_from_the_start_of_its_time()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, World.BeforeTime.AddMinutes(5));
        var channel = await world.AddChannelAsync();
        var id = Assert.Single(await world.PlanAsync());
        await using (var db = world.Database.CreateContext())
            await db.Deliveries.ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Failed)
                .SetProperty(d => d.LastError, "channel_not_found").SetProperty(d => d.Attempts, 7));
        world.Time.Advance(TimeSpan.FromHours(20));

        var now = await world.SendNowAsync(channel);
        await world.DeliverAsync(id);

        Assert.Equal((SendNowStatus.Queued, id), (now.Status, now.DeliveryId));
        Assert.Single(world.Sender.Sent);
        await using var check = world.Database.CreateContext();
        var delivery = await check.Deliveries.SingleAsync();
        Assert.Equal((DeliveryStatus.Sent, 1, null), (delivery.Status, delivery.Attempts, delivery.LastError));
    }

    [Fact]
    public async Task A_deferred_delivery_keeps_the_platforms_time_and_paused_removed_or_unknown_channels_are_refused()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, World.BeforeTime.AddMinutes(5));
        var deferred = await world.AddChannelAsync(c => c.Name = "briefs");
        var paused = await world.AddChannelAsync(c => (c.Paused, c.Name) = (true, "quiet"));
        var removed = await world.AddChannelAsync(c => (c.BlockedAt, c.Name) = (new DateTime(2026, 4, 1), "gone"));
        world.Sender.Defer = TimeSpan.FromSeconds(90);
        Assert.NotNull(await world.DeliverAsync(Assert.Single(await world.PlanAsync())));

        var outcomes = new[] { await world.SendNowAsync(deferred), await world.SendNowAsync(paused), await world.SendNowAsync(removed), await world.SendNowAsync(999_999) };

        Assert.Equal([SendNowStatus.Unneeded, SendNowStatus.Refused, SendNowStatus.Refused, SendNowStatus.Refused], outcomes.Select(o => o.Status));
        Assert.Equal("The brief to briefs (Slack) is deferred until 00:35:30 UTC (rate limited); it goes then, at the platform's pace.", outcomes[0].Message);
        Assert.Equal("quiet (Slack) is paused; it takes no brief until someone there resumes it.", outcomes[1].Message);
        Assert.Equal("Briefly was removed from gone (Slack) on 2026-04-01; nothing is sent there.", outcomes[2].Message);
        Assert.Equal("There is no channel 999999.", outcomes[3].Message);
        Assert.Empty(world.Sender.Sent);
    }

    [Fact]
    public async Task Without_a_stored_brief_there_is_nothing_to_send()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, ingestSeed: false);
        var channel = await world.AddChannelAsync();

        var outcome = await world.SendNowAsync(channel);

        Assert.Equal((SendNowStatus.Refused, "No brief is stored yet."), (outcome.Status, outcome.Message));
    }
}
