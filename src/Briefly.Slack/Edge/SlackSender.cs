using Briefly.Core.Conversations;
using Briefly.Core.Deliveries;
using Briefly.Data.Entities;
using Briefly.Slack.BlockKit;

namespace Briefly.Slack.Edge;

/// <summary>Posts into a Slack channel without being asked (a daily brief), with the bot token.</summary>
internal sealed class SlackSender(SlackApiClient slack) : IConversationSender
{
    /// <summary>Errors that mean the bot cannot post there any more (https://docs.slack.dev/reference/methods/chat.postMessage#errors).</summary>
    private static readonly HashSet<string> Gone = ["not_in_channel", "channel_not_found", "is_archived", "account_inactive", "restricted_action"];

    public ChatPlatform Platform => ChatPlatform.Slack;

    public async Task SendAsync(Conversation conversation, Reply reply, int alreadySent, Func<string, Task> sent, CancellationToken cancellationToken)
    {
        foreach (var body in BlockKitRenderer.Render(reply).Skip(alreadySent))
        {
            try
            {
                var result = await slack.PostMessageAsync(conversation.ExternalId, body, null, cancellationToken);
                await sent((string?)result["ts"] ?? "");
            }
            catch (SlackRateLimitedException e)
            {
                throw new DeliveryDeferredException("Slack is rate limiting chat.postMessage.", e.RetryAfter, e);
            }
            catch (SlackApiException e) when (Gone.Contains(e.Error))
            {
                throw new ConversationUnreachableException($"Slack answered {e.Error}.", e);
            }
        }
    }
}
