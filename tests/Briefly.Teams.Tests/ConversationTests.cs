using System.Net;
using System.Text.Json.Nodes;
using Briefly.Data.Entities;
using Briefly.Teams.Tests.Cards;
using Briefly.Testing;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Teams.Tests;

/// <summary>
/// Recorded Teams activities (their text or button data changed where a test needs it) posted over loopback HTTP to
/// the bot with the real core on SQLite; the replies are caught by a loopback Bot Connector and checked as cards.
/// </summary>
public sealed class ConversationTests
{
    /// <summary>The sender's Entra object id in the recorded personal message and the recorded invoke.</summary>
    private const string PersonalUser = "7faf8ab2-3d56-4244-b585-20c8a42ed2b8";
    private const string InvokeUser = "c5e99701-2a32-49c1-a660-4629ceeb8c61";

    [Fact]
    public async Task A_question_in_a_personal_chat_is_answered_with_the_stories_as_a_card()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync();
        var activity = TeamsPayloads.Load(TeamsPayloads.PersonalMessage, connector.ServiceUrl)
            .With(a => a["text"] = "what's new with DeepSeek?");

        using var response = await bot.PostActivityAsync(activity.Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(connector.Calls);
        Assert.Equal(activity.ConversationId, reply.ConversationId);
        Assert.Equal(activity.Id, (string?)reply.Activity["replyToId"]);
        Assert.Contains("DeepSeek V4 triggers massive demand surge for Huawei AI chips", reply.CardText);
        CardCheck.AssertValid([("answer", reply.Card!)]);

        await using var db = bot.Database();
        var user = await db.Users.Include(u => u.DirectConversation).SingleAsync();
        Assert.Equal(PersonalUser, user.ExternalId);
        Assert.Equal(ConversationKind.Personal, user.DirectConversation!.Kind);
        Assert.Equal(activity.ConversationId, user.DirectConversation.ExternalId);
    }

    [Fact]
    public async Task A_mention_in_a_channel_is_answered_in_its_thread_and_the_channel_is_recorded_for_briefs()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync();
        var activity = TeamsPayloads.Load(TeamsPayloads.ChannelMention, connector.ServiceUrl);

        using var response = await bot.PostActivityAsync(activity.Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(connector.Calls);
        // The recorded text is "<at>…</at> reply to thread": the mention is addressing, the rest is a question with no stories.
        Assert.Equal("19:6848757105754c8981c67612732d9aa7@thread.tacv2;messageid=1759881511856", reply.ConversationId);
        Assert.Contains("reply to thread", reply.CardText);
        Assert.DoesNotContain("<at>", reply.CardText);

        await using var db = bot.Database();
        var channel = await db.Conversations.SingleAsync();
        Assert.Equal("19:6848757105754c8981c67612732d9aa7@thread.tacv2", channel.ExternalId);
        Assert.Equal(ConversationKind.Channel, channel.Kind);
        Assert.Equal(connector.ServiceUrl.ToString(), channel.ServiceUrl);
        // A daily brief posted from this reference starts a new thread in the channel rather than answering this one.
        Assert.Equal(channel.ExternalId, (string?)JsonNode.Parse(channel.ReferenceJson)!["conversation"]!["id"]);
    }

    [Fact]
    public async Task A_card_button_is_handled_like_the_words_it_carries()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync();
        var execute = TeamsPayloads.Load(TeamsPayloads.ActionExecute, connector.ServiceUrl)
            .With(a => a["value"]!["action"]!["data"] = new JsonObject { ["command"] = "subscribe DeepSeek" });

        using var response = await bot.PostActivityAsync(execute.Json);

        // Action.Execute: the invoke is answered in the HTTP response, the reply card is a message of its own.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var invokeResponse = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, (int?)invokeResponse["statusCode"]);
        Assert.Equal("application/vnd.microsoft.activity.message", (string?)invokeResponse["type"]);
        var subscribed = Assert.Single(connector.Calls);
        Assert.Contains("DeepSeek", subscribed.CardText);
        await using (var db = bot.Database())
            Assert.Equal(InvokeUser, (await db.TopicSubscriptions.Include(s => s.User).SingleAsync()).User.ExternalId);

        // Action.Submit (older clients): a message with the button's data as its value and no text.
        var submit = TeamsPayloads.Load(TeamsPayloads.ActionExecute, connector.ServiceUrl).With(a =>
        {
            a["type"] = "message";
            a["id"] = "1767765488999";
            a.Remove("name");
            a["value"] = new JsonObject { ["command"] = "my topics" };
        });
        using var submitted = await bot.PostActivityAsync(submit.Json);

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Equal(2, connector.Calls.Count);
        Assert.Contains("DeepSeek", connector.Calls[1].CardText);
        CardCheck.AssertValid([("subscribed", subscribed.Card!), ("topics", connector.Calls[1].Card!)]);
    }

    [Fact]
    public async Task Following_from_an_answer_with_Action_Execute_answers_with_the_card_showing_Following_and_stores_the_subscription()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync();
        var question = TeamsPayloads.Load(TeamsPayloads.PersonalMessage, connector.ServiceUrl).With(a => a["text"] = "latest on Huawei chips");
        await bot.PostActivityAsync(question.Json);
        var answer = Assert.Single(connector.Calls).Card!;
        var follow = CardJsonWalk.Actions(answer).Single(a => (string?)a["type"] == "Action.Execute" && (string?)a["title"] == "Follow Huawei chips");
        // Pressed by someone else than the asker, as anyone in a chat can.
        var execute = TeamsPayloads.Load(TeamsPayloads.ActionExecute, connector.ServiceUrl)
            .With(a => a["value"]!["action"]!["data"] = follow["data"]!.DeepClone());

        using var response = await bot.PostActivityAsync(execute.Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var invokeResponse = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((200, "application/vnd.microsoft.card.adaptive"), ((int?)invokeResponse["statusCode"], (string?)invokeResponse["type"]));
        var updated = invokeResponse["value"]!.AsObject();
        var following = CardJsonWalk.Actions(updated).Single(a => (string?)a["type"] == "Action.Execute" && (string?)a["title"] == "Following Huawei chips");
        Assert.False((bool)following["isEnabled"]!);
        Assert.DoesNotContain(CardJsonWalk.Actions(updated), a => (string?)a["data"]?["command"] == "subscribe Huawei chips");
        // The same stories as the card pressed, with its other buttons as they were.
        Assert.Equal(CardJsonWalk.Texts(answer).Where(t => t.Contains("Huawei", StringComparison.Ordinal)).Take(3),
            CardJsonWalk.Texts(updated).Where(t => t.Contains("Huawei", StringComparison.Ordinal)).Take(3));
        CardCheck.AssertValid([("answer", answer), ("followed", updated)]);

        // The subscription went through the inbox like any message, and its confirmation is a message of its own.
        Assert.Equal(2, connector.Calls.Count);
        Assert.Contains("Huawei chips", connector.Calls[1].CardText);
        await using var db = bot.Database();
        var subscription = await db.TopicSubscriptions.Include(s => s.User).SingleAsync();
        Assert.Equal((InvokeUser, "Huawei chips"), (subscription.User.ExternalId, subscription.Topic));
    }

    [Fact]
    public async Task A_button_without_a_command_is_refused_and_changes_nothing()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync();
        // As recorded: another app's button, {"feedback": "test invokes"}.
        var execute = TeamsPayloads.Load(TeamsPayloads.ActionExecute, connector.ServiceUrl);

        using var response = await bot.PostActivityAsync(execute.Json);

        var invokeResponse = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, (int?)invokeResponse["statusCode"]);
        Assert.Contains("command", (string?)invokeResponse["value"]!["message"]);
        Assert.Empty(connector.Calls);
        await using var db = bot.Database();
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [Fact]
    public async Task Installing_the_bot_in_a_team_records_the_channel_and_introduces_the_bot()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync();
        var added = TeamsPayloads.Load(TeamsPayloads.BotAddedToTeam, connector.ServiceUrl);

        using var response = await bot.PostActivityAsync(added.Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var welcome = Assert.Single(connector.Calls);
        Assert.Equal("19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2", welcome.ConversationId);
        // The channel gets the daily brief from the start and is told when, with a way to turn it off.
        Assert.Contains("09:00", welcome.CardText);
        Assert.Contains("Turn off the brief", welcome.CardText);
        CardCheck.AssertValid([("welcome", welcome.Card!)]);
        await using var db = bot.Database();
        var channel = await db.Conversations.SingleAsync();
        Assert.Equal((ConversationKind.Channel, "2021 Test Channel", "b28fdbfd-2b78-4f93-b0f8-8881793f0f8f"), (channel.Kind, channel.Name, channel.TenantId));
    }

    [Fact]
    public async Task An_activity_delivered_twice_is_answered_once()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync();
        var activity = TeamsPayloads.Load(TeamsPayloads.PersonalMessage, connector.ServiceUrl).With(a => a["text"] = "subscribe Huawei chips");

        using var first = await bot.PostActivityAsync(activity.Json);
        using var again = await bot.PostActivityAsync(activity.Json);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Single(connector.Calls);
        await using var db = bot.Database();
        Assert.Equal(1, await db.TopicSubscriptions.CountAsync());
    }

    [Fact]
    public async Task Removing_the_bot_from_a_team_stops_what_it_sends_there()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync();
        var added = TeamsPayloads.Load(TeamsPayloads.BotAddedToTeam, connector.ServiceUrl);
        await bot.PostActivityAsync(added.Json);
        // The recorded removal, with the bot itself as the member removed and the channel it was added to.
        var removed = TeamsPayloads.Load(TeamsPayloads.MemberRemoved, connector.ServiceUrl).With(a =>
        {
            a["recipient"] = added.Node["recipient"]!.DeepClone();
            a["membersRemoved"]![0]!["id"] = (string?)added.Node["recipient"]!["id"];
            a["conversation"] = added.Node["conversation"]!.DeepClone();
        });

        using var response = await bot.PostActivityAsync(removed.Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(connector.Calls);
        await using var db = bot.Database();
        Assert.NotNull((await db.Conversations.SingleAsync()).BlockedAt);
    }
}
