using Briefly.Core.Conversations;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Core.Tests.Deliveries;

/// <summary>The schedule a channel gets when Briefly is added behaves like one set by hand: a time already past today catches up.</summary>
public sealed class DefaultScheduleTests
{
    /// <summary>11:00 in Shanghai on Wednesday 29 April 2026, the seed brief's day: two hours after the default 09:00.</summary>
    private static readonly DateTimeOffset LateMorning = new(2026, 4, 29, 3, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_channel_added_after_the_default_time_gets_that_days_brief_at_once_and_a_personal_chat_none(DatabaseProvider provider)
    {
        await using var world = await World.StartAsync(provider, LateMorning);

        Assert.IsType<WelcomeReply>(await world.SayAsync(MessageParser.WelcomeWord, "C-new", ConversationKind.Channel, timeZone: "Asia/Shanghai"));
        Assert.IsType<WelcomeReply>(await world.SayAsync(MessageParser.WelcomeWord, "D-new", ConversationKind.Personal, timeZone: "Asia/Shanghai"));
        var planned = Assert.Single(await world.PlanAsync());
        await world.DeliverAsync(planned);

        var sent = Assert.Single(world.Sender.Sent);
        Assert.Equal("China AI Update Brief — 29 April 2026", ((BriefReply)sent.Reply).Title);
        await using var db = world.Database.CreateContext();
        var delivery = await db.Deliveries.Include(d => d.Conversation).SingleAsync();
        Assert.Equal(("C-new", DeliveryStatus.Sent), (delivery.Conversation.ExternalId, delivery.Status));
        Assert.Equal(new DateTime(2026, 4, 29, 1, 0, 0), delivery.DueAt);
    }

    [Fact]
    public async Task A_channel_added_before_the_default_time_waits_for_it()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, World.BeforeTime);

        await world.SayAsync(MessageParser.WelcomeWord, "C-new", ConversationKind.Channel, timeZone: "Asia/Shanghai");

        Assert.Empty(await world.PlanAsync());
        world.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Empty(await world.PlanAsync());
        world.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Single(await world.PlanAsync());
    }
}
