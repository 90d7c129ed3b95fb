using System.Text.Json;
using System.Text.Json.Nodes;
using Briefly.Core.Deliveries;
using Briefly.Data.Entities;
using Briefly.Slack.BlockKit;
using Briefly.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Briefly.Slack.Tests.Edge;

/// <summary>The daily brief posted into a Slack channel the bot knows, over loopback to a fake Slack.</summary>
public sealed class DeliveryTests
{
    private const string Channel = "C123ABC456";

    private static string Mention()
    {
        var payload = JsonNode.Parse(File.ReadAllText(SharedFiles.Reference("slack", "slack-docs_app_mention_event_callback.json")))!;
        payload["event"]!["text"] = "<@U0LAN0Z89> help";
        return payload.ToJsonString();
    }

    [Fact]
    public async Task The_daily_brief_is_posted_to_the_channel_once()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        await host.PostAsync("/slack/events", Mention(), "application/json");
        await using (var db = host.Database()) await DeliveryRun.ScheduleNowAsync(host.Services, db, Channel);

        Assert.Single(await DeliveryRun.PlanAndSendTwiceAsync(host.Services));

        // After the answer to the mention (in its thread), the brief: in the channel itself, within Slack's limits.
        var posts = slack.Calls.Where(c => c.Method == "chat.postMessage").Skip(1).ToList();
        Assert.NotEmpty(posts);
        Assert.All(posts, p => Assert.Equal((Channel, null), ((string?)p.Body["channel"], (string?)p.Body["thread_ts"])));
        Assert.All(posts, p => Assert.Empty(SlackMessageRules.Check(p.Body)));
        Assert.Contains("China AI Update Brief", posts[0].Text);
        await using var check = host.Database();
        var delivery = await check.Deliveries.SingleAsync();
        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
        Assert.Equal(posts.Count, JsonSerializer.Deserialize<string[]>(delivery.MessageIds!)!.Length);
    }

    [Fact]
    public async Task A_429_on_the_history_lookup_holds_the_workspaces_history_calls_and_the_brief_waits_unposted_to_be_looked_up()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        await host.PostAsync("/slack/events", Mention(), "application/json");
        long id;
        await using (var db = host.Database())
        {
            await DeliveryRun.ScheduleNowAsync(host.Services, db, Channel);
            await using var scope = host.Services.CreateAsyncScope();
            id = (await scope.ServiceProvider.GetRequiredService<BriefPlanner>().PlanAsync(CancellationToken.None)).Single();
            // As a host that died mid-send leaves it: unsettled, its claim run out.
            await db.Deliveries.Where(d => d.Id == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Unsettled, true));
        }
        var workspace = (await host.Database().Conversations.SingleAsync()).TenantId;
        slack.HistoryRetryAfter = TimeSpan.FromSeconds(120);

        var before = DateTime.UtcNow;
        var next = await DeliverAsync(host, id);

        Assert.NotNull(next);
        Assert.True(next >= before + TimeSpan.FromSeconds(119), "the retry comes after Slack's Retry-After");
        Assert.Single(slack.Calls, c => c.Method == "conversations.history");
        Assert.Single(slack.Calls, c => c.Method == "chat.postMessage");
        await using (var db = host.Database())
        {
            var delivery = await db.Deliveries.SingleAsync();
            Assert.Equal((DeliveryStatus.Planned, true), (delivery.Status, delivery.Unsettled));
            // Every host sees the hold: the workspace's history bucket in the database is moved past it; its messages' is not.
            var buckets = await db.PacingBuckets.AsNoTracking().ToDictionaryAsync(b => b.Key, b => b.NextSlotAt);
            Assert.True(buckets[$"Slack-history:{workspace ?? "-"}"] >= before + TimeSpan.FromSeconds(119));
            Assert.True(buckets[$"Slack:{workspace ?? "-"}"] < before + TimeSpan.FromSeconds(60));
            // The next attempt, taken before the hold is over (its claim moved to a moment ago).
            await db.Deliveries.Where(d => d.Id == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntil, DateTime.UtcNow.AddSeconds(-1)));
        }
        slack.HistoryRetryAfter = null;

        Assert.NotNull(await DeliverAsync(host, id));

        // Neither asked Slack inside its Retry-After nor posted without having asked.
        Assert.Single(slack.Calls, c => c.Method == "conversations.history");
        Assert.Single(slack.Calls, c => c.Method == "chat.postMessage");
        await using (var db = host.Database())
        {
            var delivery = await db.Deliveries.SingleAsync();
            Assert.Equal((DeliveryStatus.Planned, true), (delivery.Status, delivery.Unsettled));
        }
    }

    private static async Task<DateTime?> DeliverAsync(SlackHost host, long id)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BriefSender>().DeliverAsync(id, CancellationToken.None);
    }

    [Fact]
    public async Task A_channel_the_bot_was_removed_from_is_marked_and_its_brief_skipped()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        await host.PostAsync("/slack/events", Mention(), "application/json");
        await using (var db = host.Database()) await DeliveryRun.ScheduleNowAsync(host.Services, db, Channel);
        slack.PostMessageError = "not_in_channel";

        await DeliveryRun.PlanAndSendTwiceAsync(host.Services);

        Assert.Equal(2, slack.Calls.Count(c => c.Method == "chat.postMessage"));
        await using var check = host.Database();
        Assert.NotNull((await check.Conversations.SingleAsync()).BlockedAt);
        var delivery = await check.Deliveries.SingleAsync();
        Assert.Equal((DeliveryStatus.Skipped, "Slack answered not_in_channel."), (delivery.Status, delivery.LastError));
    }

    [Fact]
    public async Task A_new_story_on_a_followed_topic_is_sent_to_the_persons_dm()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        var subscribe = JsonNode.Parse(File.ReadAllText(SharedFiles.Reference("slack", "slack-docs_message.im_event_callback.json")))!;
        subscribe["event"]!["text"] = "subscribe DeepSeek";
        await host.PostAsync("/slack/events", subscribe.ToJsonString(), "application/json");

        // A new brief (the seed, stored again as today's) after the person followed the topic.
        await SeedBrief.IngestAsync(host.Services, DateOnly.FromDateTime(DateTime.UtcNow));
        Assert.Single(await DeliveryRun.SendAlertsAsync(host.Services));

        var alert = slack.Calls.Where(c => c.Method == "chat.postMessage").Skip(1).Single();
        Assert.Equal("D024BE91L", (string?)alert.Body["channel"]);
        Assert.Contains("DeepSeek", alert.Text);
        Assert.Empty(SlackMessageRules.Check(alert.Body));
        Assert.Empty(await DeliveryRun.SendAlertsAsync(host.Services));
    }

    [Fact]
    public async Task Following_a_topic_from_a_channel_opens_a_dm_for_the_alerts()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        var mention = JsonNode.Parse(File.ReadAllText(SharedFiles.Reference("slack", "slack-docs_app_mention_event_callback.json")))!;
        mention["event"]!["text"] = "<@U0LAN0Z89> subscribe DeepSeek";
        await host.PostAsync("/slack/events", mention.ToJsonString(), "application/json");

        await SeedBrief.IngestAsync(host.Services, DateOnly.FromDateTime(DateTime.UtcNow));
        Assert.Single(await DeliveryRun.SendAlertsAsync(host.Services));

        Assert.Single(slack.Calls, c => c.Method == "conversations.open");
        var posts = slack.Calls.Where(c => c.Method == "chat.postMessage").ToList();
        Assert.Equal(["C123ABC456", "DU061F7AUR"], posts.Select(p => (string?)p.Body["channel"]));
        Assert.Contains("DeepSeek", posts[1].Text);
    }
}
