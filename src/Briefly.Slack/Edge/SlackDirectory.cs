using System.Text.Json;
using Briefly.Core.Conversations;
using Briefly.Core.Deliveries;
using Briefly.Core.Messaging;
using Briefly.Data.Entities;

namespace Briefly.Slack.Edge;

/// <summary>What Slack can say or open for a person while their message is handled: their time zone, a DM for their alerts.</summary>
internal sealed class SlackDirectory(SlackApiClient slack) : IChatDirectory
{
    public ChatPlatform Platform => ChatPlatform.Slack;

    public string? HomeRoute(string personExternalId, string directChatExternalId) =>
        new SlackRoute(directChatExternalId, HomeOf: personExternalId).ToJson();

    public Task<string?> TimeZoneAsync(IncomingMessage message, CancellationToken cancellationToken) =>
        slack.TimeZoneOfAsync(message.Conversation.TenantId, message.User.ExternalId, cancellationToken);

    /// <summary>Slack gives the bot a DM with any member of its workspace (conversations.open).</summary>
    public async Task<ConversationRef?> OpenDirectChatAsync(IncomingMessage message, string? routeJson, CancellationToken cancellationToken)
    {
        try
        {
            var channel = await slack.OpenDirectChatAsync(message.Conversation.TenantId, message.User.ExternalId, cancellationToken);
            var team = message.Conversation.TenantId;
            return new ConversationRef(channel, ConversationKind.Personal, team, ReferenceJson: JsonSerializer.Serialize(new { team, channel }));
        }
        catch (SlackRateLimitedException e)
        {
            throw new DeliveryDeferredException("Slack is rate limiting conversations.open.", e.RetryAfter, e);
        }
        catch (SlackUnavailableException e)
        {
            throw new DeliveryDeferredException($"Slack answered {e.Error} to conversations.open.", e.RetryAfter, e);
        }
        catch (SlackApiException)
        {
            // user_not_found, cannot_dm_bot, missing_scope…: Slack's definitive no; the reply tells the person what to do.
            return null;
        }
    }
}
