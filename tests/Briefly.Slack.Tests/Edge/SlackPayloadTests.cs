using System.Net;
using System.Text.Json.Nodes;
using Briefly.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Briefly.Slack.Tests.Edge;

/// <summary>
/// Signed bodies read as typed records, over loopback HTTP: a field Briefly reads holding another type is a 400 naming its
/// path and stores nothing; fields and events Briefly does not read are acknowledged and ignored, whatever they hold.
/// </summary>
public sealed class SlackPayloadTests
{
    private const string Json = "application/json";
    private const string Form = "application/x-www-form-urlencoded";

    private static JsonObject Recorded(string name) => JsonNode.Parse(File.ReadAllText(SharedFiles.Reference("slack", name)))!.AsObject();

    /// <summary>A direct message Briefly would answer, but for the one field given another type.</summary>
    private static string DirectMessage(Action<JsonObject> change)
    {
        var payload = Recorded("slack-docs_message.im_event_callback.json");
        payload["event"]!["text"] = "subscribe DeepSeek";
        change(payload);
        return payload.ToJsonString();
    }

    private static string Button(Action<JsonObject> change)
    {
        var payload = Recorded("bolt-python_block_actions_payload.json");
        payload["actions"]![0]!["value"] = "subscribe Huawei chips";
        change(payload);
        return "payload=" + Uri.EscapeDataString(payload.ToJsonString());
    }

    public static TheoryData<string, string, string, string> WronglyTyped => new()
    {
        { "/slack/events", DirectMessage(p => p["event"]!["user"] = 42), Json, "$.event.user" },
        { "/slack/events", DirectMessage(p => p["event"]!["thread_ts"] = new JsonArray()), Json, "$.event.thread_ts" },
        { "/slack/events", DirectMessage(p => p["event"] = "x"), Json, "$.event" },
        { "/slack/events", DirectMessage(p => p["team_id"] = true), Json, "$.team_id" },
        { "/slack/events", DirectMessage(p => p["event_id"] = new JsonObject()), Json, "$.event_id" },
        { "/slack/events", DirectMessage(p => p["authorizations"]![0]!["user_id"] = 7), Json, "$.authorizations[0].user_id" },
        { "/slack/events", DirectMessage(p => p["type"] = 1), Json, "$.type" },
        {
            "/slack/events", DirectMessage(p => p["event"] = new JsonObject { ["type"] = "tokens_revoked", ["tokens"] = new JsonObject { ["bot"] = "U1" } }),
            Json, "$.event.tokens.bot"
        },
        {
            "/slack/events", DirectMessage(p => p["event"] = new JsonObject { ["type"] = "member_joined_channel", ["user"] = "U2147483697", ["channel"] = new JsonArray("C1") }),
            Json, "$.event.channel"
        },
        { "/slack/interactivity", Button(p => p["actions"] = new JsonObject()), Form, "$.actions" },
        { "/slack/interactivity", Button(p => p["actions"]![0]!["value"] = 3), Form, "$.actions[0].value" },
        { "/slack/interactivity", Button(p => p["user"] = "W111"), Form, "$.user" },
        { "/slack/interactivity", Button(p => p["channel"]!["id"] = false), Form, "$.channel.id" },
    };

    [Theory]
    [MemberData(nameof(WronglyTyped))]
    public async Task A_field_of_another_type_is_a_400_naming_its_path_and_nothing_is_stored(string path, string body, string contentType, string field)
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);

        using var response = await host.PostAsync(path, body, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(field, (string?)answer["field"]);
        Assert.False(string.IsNullOrEmpty((string?)answer["error"]));
        await AssertNothingStoredAsync(host, slack);
    }

    [Theory]
    [InlineData("/slack/events", "{not json", Json, "$")]
    [InlineData("/slack/events", "", Json, "$")]
    [InlineData("/slack/events", "null", Json, "$")]
    [InlineData("/slack/interactivity", "payload=%7Bnot+json", Form, "$")]
    [InlineData("/slack/interactivity", "text=help", Form, "payload")]
    [InlineData("/slack/commands", "text=help&channel_id=C1", Form, "user_id")]
    [InlineData("/slack/commands", "text=help&user_id=U1", Form, "channel_id")]
    [InlineData("/slack/commands", "text=help&user_id=U1&channel_id=C1&response_url=ftp%3A%2F%2Fhooks.slack.com%2Fx", Form, "response_url")]
    public async Task A_body_that_is_not_json_or_lacks_what_briefly_needs_is_a_400_naming_where(string path, string body, string contentType, string field)
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);

        using var response = await host.PostAsync(path, body, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["field"]);
        await AssertNothingStoredAsync(host, slack);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Level >= LogLevel.Error);
    }

    /// <summary>
    /// Slack sends events of types Briefly has no record for, whose fields have other shapes (<c>channel_created</c> names
    /// its channel as an object), and envelopes of other types (<c>app_rate_limited</c>): all acknowledged, none stored.
    /// </summary>
    [Theory]
    [InlineData("""{"type":"channel_created","channel":{"id":"C0NEW","name":"chips","created":1360782804,"creator":"U061F7AUR"}}""")]
    [InlineData("""{"type":"user_change","user":{"id":"U061F7AUR","name":"ada"},"event_ts":"1360782804.083113"}""")]
    [InlineData("""{"channel":"D024BE91L","user":"U2147483697","text":"no type at all"}""")]
    public async Task An_event_of_a_type_briefly_does_not_handle_is_acknowledged_and_ignored(string inner)
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        var payload = Recorded("slack-docs_message.im_event_callback.json");
        payload["event"] = JsonNode.Parse(inner);

        using var response = await host.PostAsync("/slack/events", payload.ToJsonString(), Json);
        using var limited = await host.PostAsync("/slack/events",
            """{"token":"x","type":"app_rate_limited","team_id":"T123ABC456","minute_rate_limited":1518467820,"api_app_id":"A0PNCHHK2"}""", Json);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (response.StatusCode, limited.StatusCode));
        await AssertNothingStoredAsync(host, slack);
    }

    /// <summary>A real mention carries blocks, files and flags Briefly never reads; they are skipped and the question answered.</summary>
    [Fact]
    public async Task A_recorded_mention_with_fields_briefly_does_not_read_is_answered()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        var payload = Recorded("slack-docs_app_mention_event_callback.json");
        var mention = Recorded("bolt-js_app_mention_event_with_rich_text_blocks.json");
        mention["text"] = "<@U066C7XNE6M> latest on DeepSeek";
        // The type last: Slack promises no order of fields.
        mention.Remove("type");
        mention["type"] = "app_mention";
        payload["event"] = mention;

        using var response = await host.PostAsync("/slack/events", payload.ToJsonString(), Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var posted = Assert.Single(slack.Calls, c => c.Method == "chat.postMessage");
        Assert.Equal(("CHE2DUW5V", "1707806347.397809"), ((string?)posted.Body["channel"], (string?)posted.Body["thread_ts"]));
        Assert.Contains("DeepSeek", posted.Text);
    }

    /// <summary>Slack delivering an event again (X-Slack-Retry-Num) is ordinary: noted at Information, never an error.</summary>
    [Fact]
    public async Task A_retried_event_is_answered_once_and_logged_as_information_not_as_an_error()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        var body = DirectMessage(_ => { });

        using var first = await host.PostAsync("/slack/events", body, Json);
        using var retry = await host.PostAsync("/slack/events", body, Json, retry: 1);
        using var again = await host.PostAsync("/slack/events", body, Json, retry: 2);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, retry.StatusCode, again.StatusCode));
        Assert.Single(slack.Calls, c => c.Method == "chat.postMessage");
        var noted = host.Logs.Entries.Where(e => e.EventId.Id == SlackEvents.EventAlreadyAccepted).ToList();
        Assert.Equal(2, noted.Count);
        Assert.All(noted, e => Assert.Equal((LogLevel.Information, null), (e.Level, e.Exception)));
        Assert.Contains("Ev0PV52K21", noted[0].Message);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Level >= LogLevel.Error || e.Exception is not null);
    }

    private static async Task AssertNothingStoredAsync(SlackHost host, FakeSlackApi slack)
    {
        Assert.Empty(slack.Calls);
        await using var db = host.Database();
        Assert.Equal((0, 0, 0), (await db.InboundMessages.CountAsync(), await db.Users.CountAsync(), await db.Conversations.CountAsync()));
    }
}
