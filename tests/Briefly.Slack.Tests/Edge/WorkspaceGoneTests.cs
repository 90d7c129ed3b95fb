using System.Text.Json.Nodes;
using Briefly.Testing;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Slack.Tests.Edge;

/// <summary>Slack saying the bot lost the whole workspace on a send: nothing more is sent anywhere in it.</summary>
public sealed class WorkspaceGoneTests
{
    [Theory]
    [InlineData("token_revoked")]
    [InlineData("invalid_auth")]
    [InlineData("account_inactive")]
    public async Task A_send_answered_with_a_lost_workspace_marks_every_place_in_it(string error)
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        var payload = JsonNode.Parse(File.ReadAllText(SharedFiles.Reference("slack", "slack-docs_app_mention_event_callback.json")))!;
        foreach (var channel in new[] { "C0NEWS", "C0CHIPS" })
        {
            payload["event_id"] = "Ev" + channel;
            payload["event"]!["channel"] = channel;
            payload["event"]!["text"] = "<@U0LAN0Z89> help";
            await host.PostAsync("/slack/events", payload.ToJsonString(), "application/json");
        }

        slack.PostMessageError = error;
        payload["event_id"] = "EvAfter";
        payload["event"]!["text"] = "<@U0LAN0Z89> latest on DeepSeek";
        await host.PostAsync("/slack/events", payload.ToJsonString(), "application/json");

        await using var db = host.Database();
        Assert.All(await db.Conversations.ToListAsync(), c => Assert.NotNull(c.BlockedAt));
        var refused = await db.OutboundMessages.OrderBy(m => m.Id).LastAsync();
        Assert.Equal(Data.Entities.DeliveryStatus.Skipped, refused.Status);
        Assert.Contains(error, refused.LastError);
    }
}
