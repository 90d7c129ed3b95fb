using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Briefly.Core.Deliveries;
using Briefly.Data;
using Briefly.Data.Entities;
using Briefly.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Host.Tests;

public class DeliveryTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_served_host_posts_a_channels_daily_brief_at_its_time_through_Hangfire(DatabaseProvider provider)
    {
        var posts = new ConcurrentQueue<JsonObject>();
        await using var slack = await LoopbackServer.StartAsync(async http =>
        {
            posts.Enqueue((await JsonNode.ParseAsync(http.Request.Body))!.AsObject());
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync("""{"ok":true,"ts":"1764300000.000100"}""");
        });
        await using var database = await TestDatabase.CreateAsync(provider);
        using var work = new TempFolder();

        // Today's brief (a sample re-dated), and a Slack channel whose brief time is this minute.
        await DeliveryRun.AwayFromMidnightAsync(TimeSpan.FromMinutes(2));
        var now = DateTime.UtcNow;
        var today = DateOnly.FromDateTime(now);
        var sample = JsonNode.Parse(File.ReadAllText(RepositoryFiles.Path("samples", "briefs", "brief-2026-11-25.json")))!;
        sample["title"] = "China AI Update Brief — " + today.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        sample["date"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var ingested = await BrieflyProcess.RunAsync(database, work.Path, "ingest", work.File("today.json", sample.ToJsonString()));
        Assert.True(ingested.ExitCode == 0, ingested.Errors);
        await using (var db = database.CreateContext())
        {
            db.Conversations.Add(new Conversation
            {
                Platform = ChatPlatform.Slack, ExternalId = "C0BRIEFS", Kind = ConversationKind.Channel, TenantId = "T1",
                ReferenceJson = """{"team":"T1","channel":"C0BRIEFS"}""",
                BriefTime = new TimeOnly(now.Hour, now.Minute), TimeZone = "UTC", BriefDays = WeekDays.Every,
            });
            await db.SaveChangesAsync();
        }

        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, new()
        {
            ["Slack:SigningSecret"] = "s", ["Slack:BotToken"] = "xoxb-t", ["Slack:ApiBaseUrl"] = slack.Url("api/").ToString(),
        });
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (posts.IsEmpty && DateTime.UtcNow < deadline) await Task.Delay(250);
        // Give a second host-minute a chance to post it again, which it must not.
        await Task.Delay(TimeSpan.FromSeconds(2));

        var post = Assert.Single(posts);
        Assert.Equal("C0BRIEFS", (string?)post["channel"]);
        Assert.Contains(sample["title"]!.ToString(), post.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Equal("/api/chat.postMessage", Assert.Single(slack.Requests).PathAndQuery);
        Assert.Equal("Bearer xoxb-t", slack.Requests.Single().Header("Authorization"));
        await using var check = database.CreateContext();
        Assert.Equal(DeliveryStatus.Sent, check.Deliveries.Single().Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_fan_out_to_many_channels_keeps_to_the_workspace_rate_and_posts_each_once_without_a_429(DatabaseProvider provider)
    {
        // A Slack that allows 30 posts in any second per workspace and answers 429 past that, as the real one does with
        // its own limits. Briefly is told the workspace's rate (15 a second), so it never meets the 429.
        const int channels = 60, perSecond = 15, limit = 30;
        var posts = new ConcurrentQueue<(string Channel, DateTime At)>();
        var refused = 0;
        var window = new Queue<DateTime>();
        await using var slack = await LoopbackServer.StartAsync(async http =>
        {
            var body = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
            var now = DateTime.UtcNow;
            bool over;
            lock (window)
            {
                while (window.Count > 0 && now - window.Peek() >= TimeSpan.FromSeconds(1)) window.Dequeue();
                over = window.Count >= limit;
                if (!over) window.Enqueue(now);
            }
            http.Response.ContentType = "application/json";
            if (over)
            {
                Interlocked.Increment(ref refused);
                http.Response.StatusCode = 429;
                http.Response.Headers.RetryAfter = "1";
                await http.Response.WriteAsync("""{"ok":false,"error":"ratelimited"}""");
                return;
            }
            posts.Enqueue(((string)body["channel"]!, now));
            await http.Response.WriteAsync("""{"ok":true,"ts":"1764300000.000100"}""");
        });
        await using var database = await TestDatabase.CreateAsync(provider);
        using var work = new TempFolder();

        await DeliveryRun.AwayFromMidnightAsync(TimeSpan.FromMinutes(2));
        var now = DateTime.UtcNow;
        var today = DateOnly.FromDateTime(now);
        var sample = JsonNode.Parse(File.ReadAllText(RepositoryFiles.Path("samples", "briefs", "brief-2026-11-25.json")))!;
        sample["title"] = "China AI Update Brief — " + today.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        sample["date"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var ingested = await BrieflyProcess.RunAsync(database, work.Path, "ingest", work.File("today.json", sample.ToJsonString()));
        Assert.True(ingested.ExitCode == 0, ingested.Errors);
        await using (var db = database.CreateContext())
        {
            db.Conversations.AddRange(Enumerable.Range(0, channels).Select(i => new Conversation
            {
                Platform = ChatPlatform.Slack, ExternalId = $"C{i:D4}", Kind = ConversationKind.Channel, TenantId = "T1",
                ReferenceJson = $$"""{"team":"T1","channel":"C{{i:D4}}"}""",
                BriefTime = new TimeOnly(now.Hour, now.Minute), TimeZone = "UTC", BriefDays = WeekDays.Every,
            }));
            await db.SaveChangesAsync();
        }

        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, new()
        {
            ["Slack:SigningSecret"] = "s", ["Slack:BotToken"] = "xoxb-t", ["Slack:ApiBaseUrl"] = slack.Url("api/").ToString(),
            ["Pacing:Slack:MessagesPerSecond"] = perSecond.ToString(CultureInfo.InvariantCulture),
        });
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var messagesPerBrief = 0;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            await using var db = database.CreateContext();
            if (await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Sent) == channels) break;
        }

        await using (var db = database.CreateContext())
        {
            Assert.Equal(channels, await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Sent));
            messagesPerBrief = JsonSerializer.Deserialize<List<string>>((await db.Deliveries.FirstAsync()).MessageIds!)!.Count;
        }
        Assert.Equal(0, refused);
        // Each channel got the brief once, every part of it.
        Assert.All(posts.GroupBy(p => p.Channel), channel => Assert.Equal(messagesPerBrief, channel.Count()));
        Assert.Equal(channels, posts.Select(p => p.Channel).Distinct().Count());
        Assert.Contains("Delivery planning: ", host.Log);
        // What an operator reads: each line timed in UTC, each delivery named by its Slack channel, no HTTP chatter.
        Assert.Matches(@"(?m)^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info: \S+\[" + DeliveryEvents.BriefSent + @"\] Delivered brief \d+ to Slack conversation C0000 in \d+ messages", host.Log);
        Assert.DoesNotContain("System.Net.Http.HttpClient", host.Log);
        // And one line for the whole fan-out once it is done.
        var reported = DateTime.UtcNow.AddSeconds(90);
        while (!host.Log.Contains("Fan-out of brief", StringComparison.Ordinal) && DateTime.UtcNow < reported) await Task.Delay(500);
        var report = Assert.Single(host.Log.Split('\n'), line => line.Contains("Fan-out of brief", StringComparison.Ordinal));
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(report,
            $@"Fan-out of brief \d+ due \S+ \S+ finished: {channels} conversations, {channels} sent, 0 skipped, 0 failed, 0 deferred at least once; the last sent \d\d:\d\d:\d\d after its time"), report);
    }
}
