using System.Text.Json;
using Briefly.Core.Messaging;
using Briefly.Data.Entities;
using Briefly.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Briefly.Teams.Tests;

/// <summary>The daily brief posted proactively into a Teams channel the bot knows, over loopback to a fake Bot Connector.</summary>
public sealed class DeliveryTests
{
    private const string Channel = "19:6848757105754c8981c67612732d9aa7@thread.tacv2";

    [Fact]
    public async Task The_daily_brief_starts_a_new_post_in_the_channel_once()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync();
        await bot.PostActivityAsync(TeamsPayloads.Load(TeamsPayloads.ChannelMention, connector.ServiceUrl).Json);
        await using (var db = bot.Database()) await DeliveryRun.ScheduleNowAsync(bot.Services, db, Channel);

        var planned = await DeliveryRun.PlanAndSendTwiceAsync(bot.Services);

        Assert.Single(planned);
        // After the answer to the mention (a reply in its thread), the brief: posted to the channel itself, as cards.
        var posts = connector.Calls.Skip(1).ToList();
        Assert.NotEmpty(posts);
        Assert.All(posts, p => Assert.Equal((Channel, ""), (p.ConversationId, p.ActivityId)));
        Assert.Contains("China AI Update Brief", posts[0].CardText);
        CardCheck.AssertValid([.. posts.Select((p, i) => ($"brief-{i}", p.Card!))]);
        await using var check = bot.Database();
        var delivery = await check.Deliveries.SingleAsync();
        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
        Assert.Equal(posts.Count, JsonSerializer.Deserialize<string[]>(delivery.MessageIds!)!.Length);
    }

    [Fact]
    public async Task A_channel_that_blocked_the_bot_is_marked_and_its_brief_skipped()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync();
        await bot.PostActivityAsync(TeamsPayloads.Load(TeamsPayloads.ChannelMention, connector.ServiceUrl).Json);
        await using (var db = bot.Database()) await DeliveryRun.ScheduleNowAsync(bot.Services, db, Channel);
        connector.RefuseNext(1);

        await DeliveryRun.PlanAndSendTwiceAsync(bot.Services);

        Assert.Equal(2, connector.Calls.Count);
        await using var check = bot.Database();
        Assert.NotNull((await check.Conversations.SingleAsync()).BlockedAt);
        Assert.Equal(DeliveryStatus.Skipped, (await check.Deliveries.SingleAsync()).Status);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task A_429_or_503_defers_the_brief_to_its_Retry_After_and_holds_every_post_to_the_tenant_until_then(int status)
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync();
        await bot.PostActivityAsync(TeamsPayloads.Load(TeamsPayloads.ChannelMention, connector.ServiceUrl).Json);
        await using (var db = bot.Database()) await DeliveryRun.ScheduleNowAsync(bot.Services, db, Channel);
        connector.ThrottleNext(1, status);

        var throttledAt = DateTime.UtcNow;
        await DeliveryRun.PlanAndSendTwiceAsync(bot.Services);

        await using var check = bot.Database();
        var delivery = await check.Deliveries.SingleAsync();
        Assert.Equal(DeliveryStatus.Planned, delivery.Status);
        Assert.True(delivery.ClaimedUntil >= throttledAt.AddSeconds(FakeConnector.ThrottleSeconds), "the brief is tried again before its Retry-After");
        // Any other post to the same tenant (another channel's brief, a reply) waits out the Retry-After too.
        var tenant = (await check.Conversations.SingleAsync()).TenantId;
        await bot.Services.GetRequiredService<PlatformPacer>().Turns(ChatPlatform.Teams, tenant, "19:another-channel@thread.tacv2").NextAsync(CancellationToken.None);
        Assert.True(DateTime.UtcNow >= throttledAt.AddSeconds(FakeConnector.ThrottleSeconds), "a post to the tenant went inside the Retry-After");
        Assert.Equal(2, connector.Calls.Count);
    }

    [Fact]
    public async Task A_new_story_on_a_followed_topic_is_sent_to_the_persons_chat_with_the_bot()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync();
        var subscribe = TeamsPayloads.Load(TeamsPayloads.PersonalMessage, connector.ServiceUrl).With(a => a["text"] = "subscribe DeepSeek");
        await bot.PostActivityAsync(subscribe.Json);

        // A new brief (the seed, stored again as today's) after the person followed the topic.
        await SeedBrief.IngestAsync(bot.Services, DateOnly.FromDateTime(DateTime.UtcNow));
        Assert.Single(await DeliveryRun.SendAlertsAsync(bot.Services));

        var alert = connector.Calls.Skip(1).Single();
        Assert.Equal((subscribe.ConversationId, ""), (alert.ConversationId, alert.ActivityId));
        Assert.Contains("DeepSeek", alert.CardText);
        CardCheck.AssertValid([("alert", alert.Card!)]);
        Assert.Empty(await DeliveryRun.SendAlertsAsync(bot.Services));
    }
}
