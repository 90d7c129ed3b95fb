using Briefly.Core.Conversations;
using Briefly.Data;
using Briefly.Data.Entities;
using Briefly.Slack.Install;

namespace Briefly.Slack.Edge;

/// <summary>
/// What Slack sends, however it arrives (an HTTP request Slack signed, or an envelope over Socket Mode), acted on in one
/// place: messages for Briefly go to the inbox, a channel left or an app uninstalled is recorded.
/// </summary>
internal sealed class SlackInbound(SlackEdge edge, Removals removals, BrieflyDbContext db, SlackBotTokens tokens)
{
    /// <summary>An Events API request; returns the challenge to echo for a URL verification, else null.</summary>
    public async Task<string?> EventAsync(SlackEventRequest request, CancellationToken cancellationToken)
    {
        switch (request)
        {
            case { Type: "url_verification" }:
                return request.Challenge;
            case { Type: "event_callback", Event: SlackPostEvent message } when SlackMessages.IsForBriefly(message):
                await edge.AcceptEventAsync(request.TeamId, message, request.EventId, cancellationToken);
                break;
            case { Type: "event_callback", Event: SlackMembershipEvent joined } when SlackMessages.BotJoined(request, joined):
                await edge.AcceptEventAsync(request.TeamId, SlackMessages.Welcome(joined), request.EventId, cancellationToken);
                break;
            case { Type: "event_callback" } when SlackMessages.HomeOpened(request) is { } opened:
                await edge.AcceptHomeAsync(opened, cancellationToken);
                break;
            // Marking is idempotent, so Slack delivering one of these twice does no harm.
            case { Type: "event_callback" } when SlackMessages.ChannelLeft(request) is { } channel:
                await removals.RemovedAsync(ChatPlatform.Slack, channel, cancellationToken);
                break;
            case { Type: "event_callback" } when SlackMessages.Uninstalled(request) is { } team:
                await removals.UninstalledAsync(ChatPlatform.Slack, team, cancellationToken);
                await SlackInstalls.RemoveAsync(db, tokens, team, cancellationToken);
                break;
        }
        return null;
    }

    public Task CommandAsync(SlackCommand command, CancellationToken cancellationToken) => edge.AcceptCommandAsync(command, cancellationToken);

    public Task ActionAsync(SlackInteraction interaction, CancellationToken cancellationToken) => edge.AcceptActionAsync(interaction, cancellationToken);
}
