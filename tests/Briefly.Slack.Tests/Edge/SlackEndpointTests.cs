using System.Net;
using System.Text.Json.Nodes;
using Briefly.Data.Entities;
using Briefly.Slack.BlockKit;
using Briefly.Testing;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Slack.Tests.Edge;

/// <summary>
/// Recorded Slack requests (their text, response URL or button value changed where a test needs it), signed and posted
/// over loopback HTTP to the endpoints with the real core on SQLite; Slack's side is a loopback <see cref="FakeSlackApi"/>.
/// </summary>
public sealed class SlackEndpointTests
{
    private const string Json = "application/json";
    private const string Form = "application/x-www-form-urlencoded";
    private const string SeedHeadline = "DeepSeek V4 triggers massive demand surge for Huawei AI chips";

    private static JsonObject Recorded(string name) => JsonNode.Parse(File.ReadAllText(SharedFiles.Reference("slack", name)))!.AsObject();

    private static string Event(string name, string text, Action<JsonObject>? change = null)
    {
        var payload = Recorded(name);
        payload["event"]!["text"] = text;
        change?.Invoke(payload["event"]!.AsObject());
        return payload.ToJsonString();
    }

    [Fact]
    public async Task The_url_verification_challenge_is_answered()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        var recorded = Recorded("bolt-python_url_verification.json");

        using var response = await host.PostAsync("/slack/events", recorded.ToJsonString(), Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((string?)recorded["challenge"], (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["challenge"]);
    }

    [Fact]
    public async Task Requests_not_signed_with_the_apps_secret_or_too_old_are_refused_and_change_nothing()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        var body = Event("slack-docs_message.im_event_callback.json", "subscribe DeepSeek");

        using var forged = await host.PostAsync("/slack/events", body, Json, signature: "v0=" + new string('0', 64));
        using var stale = await host.PostAsync("/slack/events", body, Json, at: DateTimeOffset.UtcNow.AddMinutes(-10));
        using var command = await host.PostAsync("/slack/commands", "user_id=U1&channel_id=D1&text=help", Form, signature: "v0=1");

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (forged.StatusCode, stale.StatusCode, command.StatusCode));
        Assert.Empty(slack.Calls);
        await using var db = host.Database();
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [Fact]
    public async Task Without_a_signing_secret_the_endpoints_say_slack_is_off()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack, configured: false);

        using var response = await host.PostAsync("/slack/events", Recorded("bolt-python_url_verification.json").ToJsonString(), Json);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Slack:SigningSecret", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_mention_is_answered_in_its_thread_with_the_stories()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);

        using var response = await host.PostAsync("/slack/events", Event("slack-docs_app_mention_event_callback.json", "<@U0LAN0Z89> what's new with DeepSeek?"), Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var posted = Assert.Single(slack.Calls, c => c.Method == "chat.postMessage");
        Assert.Equal($"Bearer {SlackHost.BotToken}", posted.Authorization);
        Assert.Equal("C123ABC456", (string?)posted.Body["channel"]);
        Assert.Equal("1515449522.000016", (string?)posted.Body["thread_ts"]);
        Assert.Contains(SeedHeadline, posted.Text);
        Assert.Empty(SlackMessageRules.Check(posted.Body));

        // Slack's time zone for the person is asked once and kept.
        Assert.Single(slack.Calls, c => c.Method == "users.info");
        await using var db = host.Database();
        var user = await db.Users.SingleAsync();
        Assert.Equal(("U061F7AUR", "Asia/Shanghai"), (user.ExternalId, user.TimeZone));
        Assert.Equal(ConversationKind.Channel, (await db.Conversations.SingleAsync()).Kind);
    }

    [Fact]
    public async Task A_direct_message_is_answered_once_however_often_slack_delivers_it()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        var body = Event("slack-docs_message.im_event_callback.json", "subscribe DeepSeek");

        using var first = await host.PostAsync("/slack/events", body, Json);
        using var retry = await host.PostAsync("/slack/events", body, Json);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, retry.StatusCode));
        var posted = Assert.Single(slack.Calls, c => c.Method == "chat.postMessage");
        Assert.Equal("D024BE91L", (string?)posted.Body["channel"]);
        Assert.Null(posted.Body["thread_ts"]);
        Assert.Contains("DeepSeek", posted.Text);
        await using var db = host.Database();
        Assert.Equal(1, await db.TopicSubscriptions.CountAsync());
        Assert.Equal(ConversationKind.Personal, (await db.Conversations.SingleAsync()).Kind);
    }

    [Fact]
    public async Task Invited_to_a_channel_briefly_records_it_and_says_what_it_can_do()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        string Joined(string user, string eventId)
        {
            var payload = Recorded("slack-docs_app_mention_event_callback.json");
            payload["event_id"] = eventId;
            // The envelope's authorizations name the app's bot user (U123ABC456 in the recording).
            payload["event"] = new JsonObject
            {
                ["type"] = "member_joined_channel", ["user"] = user, ["channel"] = "C0NEWS", ["channel_type"] = "C",
                ["team"] = "T123ABC456", ["inviter"] = "U061F7AUR",
            };
            return payload.ToJsonString();
        }

        using var someoneElse = await host.PostAsync("/slack/events", Joined("U0PERSON", "Ev1"), Json);
        Assert.DoesNotContain(slack.Calls, c => c.Method == "chat.postMessage");
        using var briefly = await host.PostAsync("/slack/events", Joined("U123ABC456", "Ev2"), Json);

        var welcome = Assert.Single(slack.Calls, c => c.Method == "chat.postMessage");
        Assert.Equal(("C0NEWS", null), ((string?)welcome.Body["channel"], (string?)welcome.Body["thread_ts"]));
        // The channel gets the daily brief from the start, in the inviter's time zone (users.info), and is told so.
        Assert.Contains("09:00 Asia/Shanghai", welcome.Text);
        await using var db = host.Database();
        var channel = await db.Conversations.SingleAsync();
        Assert.Equal(("C0NEWS", ConversationKind.Channel), (channel.ExternalId, channel.Kind));
        Assert.Equal("U061F7AUR", (await db.Users.SingleAsync()).ExternalId);
    }

    [Fact]
    public async Task Removed_from_a_channel_or_uninstalled_briefly_marks_the_places_it_can_no_longer_post_to()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        var events = 0;
        // The recording's envelope: team T123ABC456, its authorizations naming the app's bot user U123ABC456.
        async Task Send(JsonObject inner, Action<JsonObject>? envelope = null)
        {
            var payload = Recorded("slack-docs_app_mention_event_callback.json");
            payload["event_id"] = $"EvLeft{++events}";
            payload["event"] = inner;
            envelope?.Invoke(payload);
            using var response = await host.PostAsync("/slack/events", payload.ToJsonString(), Json);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        JsonObject Membership(string type, string user, string channel) => new()
        {
            ["type"] = type, ["user"] = user, ["channel"] = channel, ["channel_type"] = "C", ["team"] = "T123ABC456", ["inviter"] = "U061F7AUR",
        };
        async Task<Dictionary<string, bool>> Blocked()
        {
            await using var db = host.Database();
            return await db.Conversations.ToDictionaryAsync(c => c.ExternalId, c => c.BlockedAt != null);
        }
        await Send(Membership("member_joined_channel", "U123ABC456", "C0NEWS"));
        await Send(Membership("member_joined_channel", "U123ABC456", "C0CHIPS"));
        await Send(Membership("member_joined_channel", "U123ABC456", "C0MODELS"));

        await Send(Membership("member_left_channel", "U0PERSON", "C0NEWS"));
        Assert.Equal(new() { ["C0NEWS"] = false, ["C0CHIPS"] = false, ["C0MODELS"] = false }, await Blocked());

        await Send(Membership("member_left_channel", "U123ABC456", "C0NEWS"));
        await Send(new JsonObject { ["type"] = "channel_left", ["channel"] = "C0CHIPS", ["actor_id"] = "U061F7AUR" });
        Assert.Equal(new() { ["C0NEWS"] = true, ["C0CHIPS"] = true, ["C0MODELS"] = false }, await Blocked());

        // Invited back, the channel gets its briefs again.
        await Send(Membership("member_joined_channel", "U123ABC456", "C0NEWS"));
        Assert.False((await Blocked())["C0NEWS"]);

        // A person revoking their own token leaves the bot's places alone; the bot's token revoked, or the app uninstalled,
        // closes every place in that workspace and none in another.
        await Send(new JsonObject { ["type"] = "tokens_revoked", ["tokens"] = new JsonObject { ["oauth"] = new JsonArray("U061F7AUR") } });
        Assert.Equal(new() { ["C0NEWS"] = false, ["C0CHIPS"] = true, ["C0MODELS"] = false }, await Blocked());
        await Send(new JsonObject { ["type"] = "app_uninstalled" }, envelope => envelope["team_id"] = "T0ELSEWHERE");
        Assert.Equal(new() { ["C0NEWS"] = false, ["C0CHIPS"] = true, ["C0MODELS"] = false }, await Blocked());
        await Send(new JsonObject { ["type"] = "tokens_revoked", ["tokens"] = new JsonObject { ["bot"] = new JsonArray("U123ABC456") } });
        Assert.Equal(new() { ["C0NEWS"] = true, ["C0CHIPS"] = true, ["C0MODELS"] = true }, await Blocked());

        await Send(Membership("member_joined_channel", "U123ABC456", "C0MODELS"));
        await Send(new JsonObject { ["type"] = "app_uninstalled" });
        Assert.Equal(new() { ["C0NEWS"] = true, ["C0CHIPS"] = true, ["C0MODELS"] = true }, await Blocked());
    }

    [Fact]
    public async Task Messages_from_bots_and_edits_are_left_alone()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);

        using var fromBot = await host.PostAsync("/slack/events", Event("slack-docs_message.im_event_callback.json", "latest on DeepSeek", e => e["bot_id"] = "B0001"), Json);
        using var edit = await host.PostAsync("/slack/events", Event("slack-docs_message.im_event_callback.json", "latest on DeepSeek", e => e["subtype"] = "message_changed"), Json);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (fromBot.StatusCode, edit.StatusCode));
        Assert.Empty(slack.Calls);
    }

    [Fact]
    public async Task A_slash_command_is_answered_only_to_the_person_through_its_response_url()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        var form = File.ReadAllText(SharedFiles.Reference("slack", "slack-docs_slash-command_form-body.txt"))
            .Replace("text=&", "text=latest+on+Huawei+chips&", StringComparison.Ordinal)
            .Replace("response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN",
                "response_url=" + Uri.EscapeDataString(slack.ResponseUrl("cmd").ToString()), StringComparison.Ordinal);

        using var response = await host.PostAsync("/slack/commands", form, Form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = Assert.Single(slack.Calls, c => c.Method == "respond/cmd");
        Assert.Equal("ephemeral", (string?)answer.Body["response_type"]);
        Assert.Contains(SeedHeadline, answer.Text);
        Assert.DoesNotContain(slack.Calls, c => c.Method == "chat.postMessage");
    }

    [Fact]
    public async Task A_button_is_handled_like_the_words_it_carries()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        var payload = Recorded("bolt-python_block_actions_payload.json");
        payload["actions"]![0]!["value"] = "subscribe Huawei chips";
        payload["actions"]![0]!["action_id"] = SlackActionIds.Subscribe;
        payload["response_url"] = slack.ResponseUrl("button").ToString();

        using var response = await host.PostAsync("/slack/interactivity", "payload=" + Uri.EscapeDataString(payload.ToJsonString()), Form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = Assert.Single(slack.Calls, c => c.Method == "respond/button");
        Assert.Equal(("ephemeral", false), ((string?)answer.Body["response_type"], (bool?)answer.Body["replace_original"]));
        Assert.Contains("Huawei chips", answer.Text);
        await using var db = host.Database();
        var subscription = await db.TopicSubscriptions.Include(s => s.User).SingleAsync();
        Assert.Equal("W111", subscription.User.ExternalId);
    }

    [Fact]
    public async Task Slack_refusing_the_reply_is_acknowledged_so_slack_does_not_redeliver()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        slack.PostMessageError = "not_in_channel";
        await using var host = await SlackHost.StartAsync(slack);

        using var response = await host.PostAsync("/slack/events", Event("slack-docs_app_mention_event_callback.json", "<@U0LAN0Z89> help"), Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(slack.Calls, c => c.Method == "chat.postMessage");
    }

    [Theory]
    [InlineData("/slack/events", "{not json", Json)]
    [InlineData("/slack/interactivity", "payload=%5B1%5D", Form)]
    [InlineData("/slack/commands", "text=help", Form)]
    [InlineData("/slack/commands", "text=subscribe+DeepSeek&user_id=U1&channel_id=C1&response_url=not-a-url", Form)]
    public async Task A_signed_but_malformed_request_gets_400(string path, string body, string contentType)
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);

        using var response = await host.PostAsync(path, body, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(slack.Calls);
        await using var db = host.Database();
        Assert.Equal(0, await db.TopicSubscriptions.CountAsync());
    }
}
