using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Briefly.Data;
using Briefly.Slack.Edge;
using Briefly.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Host.Tests;

/// <summary>
/// Slack's Home tab through a served host: opening it publishes the person's Home (topics, alerts, channels with the brief,
/// the latest brief); an Unfollow pressed there changes the topics and publishes the Home again; "Help" pressed there
/// answers in the person's DM; a topic followed in the DM publishes the Home again.
/// </summary>
public sealed class SlackHomeTests
{
    private const string SigningSecret = "home-signing-secret";

    [Fact]
    public async Task Opening_home_publishes_it_and_a_change_made_there_publishes_it_again()
    {
        var slack = new FakeSlack();
        await using var server = await LoopbackServer.StartAsync(slack.HandleAsync);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, new()
        {
            ["Slack:SigningSecret"] = SigningSecret, ["Slack:BotToken"] = "xoxb-home", ["Slack:ApiBaseUrl"] = server.Url("api/").ToString(),
            ["Briefly:DefaultBriefTime"] = "09:00", ["Briefly:DefaultBriefDays"] = "weekdays",
        });
        using var client = new HttpClient { BaseAddress = host.Url };

        await PostAsync(client, "/slack/events", Envelope("EvJoin", new JsonObject
        {
            ["type"] = "member_joined_channel", ["user"] = "U0BRIEFLY", ["channel"] = "C0NEWS", ["channel_type"] = "C", ["team"] = "T0HOME", ["inviter"] = "U0ME",
        }), "application/json");
        await PostAsync(client, "/slack/events", Envelope("EvFollow", new JsonObject
        {
            ["type"] = "message", ["channel_type"] = "im", ["user"] = "U0ME", ["channel"] = "D0HOME", ["text"] = "follow DeepSeek", ["ts"] = "1764850000.000100",
        }), "application/json");
        await WaitAsync(() => slack.Calls("/api/chat.postMessage").Count >= 2, host);
        // Following in the DM already put the Home in place.
        await WaitAsync(() => slack.Calls("/api/views.publish").Count >= 1, host);

        await PostAsync(client, "/slack/events", Envelope("EvHome", new JsonObject
        {
            ["type"] = "app_home_opened", ["user"] = "U0ME", ["channel"] = "D0HOME", ["tab"] = "home",
        }), "application/json");
        await WaitAsync(() => slack.Calls("/api/views.publish").Count >= 2, host);
        var first = JsonNode.Parse(slack.Calls("/api/views.publish")[1].Body)!;
        Assert.Equal("U0ME", (string?)first["user_id"]);
        Assert.Equal("home", (string?)first["view"]!["type"]);
        Assert.Equal("D0HOME", (string?)first["view"]!["private_metadata"]);
        var shown = first["view"]!.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("DeepSeek", shown);
        Assert.Contains("<#C0NEWS>", shown);
        Assert.Contains("09:00", shown);

        await PostAsync(client, "/slack/interactivity", "payload=" + Uri.EscapeDataString(HomeButton("unsubscribe DeepSeek").ToJsonString()),
            "application/x-www-form-urlencoded");
        await WaitAsync(() => slack.Calls("/api/views.publish").Count >= 3, host);
        var second = slack.Calls("/api/views.publish")[2].Body;
        Assert.DoesNotContain("DeepSeek", second);
        await using (var db = database.CreateContext())
            Assert.Empty(db.TopicSubscriptions);

        var posted = slack.Calls("/api/chat.postMessage").Count;
        await PostAsync(client, "/slack/interactivity", "payload=" + Uri.EscapeDataString(HomeButton("help").ToJsonString()),
            "application/x-www-form-urlencoded");
        await WaitAsync(() => slack.Calls("/api/chat.postMessage").Count > posted, host);
        Assert.Contains("D0HOME", slack.Calls("/api/chat.postMessage")[^1].Body);
        Assert.Equal(3, slack.Calls("/api/views.publish").Count);

        // A change made in the DM shows on the Home tab too.
        await PostAsync(client, "/slack/events", Envelope("EvFollowAgain", new JsonObject
        {
            ["type"] = "message", ["channel_type"] = "im", ["user"] = "U0ME", ["channel"] = "D0HOME", ["text"] = "follow Huawei chips", ["ts"] = "1764850000.000300",
        }), "application/json");
        await WaitAsync(() => slack.Calls("/api/views.publish").Count >= 4, host);
        Assert.Contains("Huawei chips", slack.Calls("/api/views.publish")[3].Body);
    }

    private static JsonObject HomeButton(string value) => new()
    {
        ["type"] = "block_actions", ["team"] = new JsonObject { ["id"] = "T0HOME" }, ["user"] = new JsonObject { ["id"] = "U0ME", ["name"] = "me" },
        ["container"] = new JsonObject { ["type"] = "view", ["view_id"] = "V0HOME" },
        ["view"] = new JsonObject { ["type"] = "home", ["id"] = "V0HOME", ["private_metadata"] = "D0HOME" },
        ["actions"] = new JsonArray(new JsonObject { ["action_id"] = "x", ["value"] = value }),
        ["trigger_id"] = "trigger-" + Guid.NewGuid().ToString("N"),
    };

    private static string Envelope(string eventId, JsonObject inner) => new JsonObject
    {
        ["type"] = "event_callback", ["team_id"] = "T0HOME", ["event_id"] = eventId, ["event"] = inner,
        ["authorizations"] = new JsonArray(new JsonObject { ["team_id"] = "T0HOME", ["user_id"] = "U0BRIEFLY", ["is_bot"] = true }),
    }.ToJsonString();

    private static Task PostAsync(HttpClient client, string path, string body, string contentType) =>
        SignedSlack.PostAsync(client, SigningSecret, path, body, contentType);

    private static async Task WaitAsync(Func<bool> done, RunningHost host)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Not answered in time. The host said:\n" + host.Log);
            await Task.Delay(200);
        }
    }

    private sealed class FakeSlack
    {
        private readonly ConcurrentQueue<Call> _calls = new();

        public IReadOnlyList<Call> Calls(string path) => [.. _calls.Where(c => c.Path == path)];

        public async Task HandleAsync(HttpContext http)
        {
            var path = http.Request.Path.Value ?? "";
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            _calls.Enqueue(new Call(path, body));
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(path switch
            {
                "/api/users.info" => """{"ok":true,"user":{"id":"U0ME","tz":"Asia/Shanghai"}}""",
                "/api/conversations.open" => """{"ok":true,"channel":{"id":"D0HOME"}}""",
                _ => """{"ok":true,"ts":"1764850000.000200"}""",
            });
        }
    }

    private sealed record Call(string Path, string Body);
}
