using Briefly.Core.Messaging;
using Microsoft.Extensions.Logging;

namespace Briefly.Slack.Edge;

/// <summary>
/// Takes what reaches the Slack endpoints once they are verified into the inbox, with where the answer goes: the channel
/// (a mention's thread) or, for slash commands and buttons outside a DM, the response_url only the person sees. Nothing
/// here calls Slack, so the request is acknowledged well within Slack's three seconds; the answer follows.
/// </summary>
internal sealed class SlackEdge(Inbox inbox, ILogger<SlackEdge> logger)
{
    /// <summary>An Events API message (see <see cref="SlackMessages.IsForBriefly"/>).</summary>
    public Task AcceptEventAsync(string? teamId, SlackPostEvent message, string? eventId, CancellationToken cancellationToken)
    {
        var incoming = SlackMessages.FromEvent(teamId, message, eventId, timeZone: null);
        // A mention is answered in its thread, so a conversation with Briefly does not fill the channel.
        var thread = message.ThreadTs ?? (message is SlackAppMentionEvent ? message.Ts : null);
        return AcceptAsync(incoming, new SlackRoute(incoming.Conversation.ExternalId, thread), cancellationToken);
    }

    /// <summary>The person opened the Home tab: their Home is published there.</summary>
    public Task AcceptHomeAsync(Core.Conversations.IncomingMessage opened, CancellationToken cancellationToken) =>
        AcceptAsync(opened, new SlackRoute(opened.Conversation.ExternalId, HomeOf: opened.User.ExternalId), cancellationToken);

    /// <summary>A <c>/brief …</c> command: the answer is shown only to the person who typed it.</summary>
    public Task AcceptCommandAsync(SlackCommand command, CancellationToken cancellationToken)
    {
        // Read before anything is stored, so a request that cannot be answered changes nothing.
        var responseUrl = ResponseUrl(command.ResponseUrl, "response_url");
        var incoming = SlackMessages.FromCommand(command, timeZone: null);
        return AcceptAsync(incoming, new SlackRoute(incoming.Conversation.ExternalId, ResponseUrl: responseUrl.AbsoluteUri), cancellationToken);
    }

    /// <summary>A pressed button: handled like the words it carries; in a DM the answer is a message, elsewhere only the person sees it.</summary>
    public Task AcceptActionAsync(SlackInteraction interaction, CancellationToken cancellationToken)
    {
        if (SlackMessages.FromAction(interaction, timeZone: null) is not { } incoming)
        {
            SlackLog.InteractionNotOurs(logger, interaction.Type);
            return Task.CompletedTask;
        }
        var route = incoming.FromHome ? new SlackRoute(incoming.Conversation.ExternalId, HomeOf: incoming.User.ExternalId)
            : incoming.Conversation.Kind == Data.Entities.ConversationKind.Personal
            ? new SlackRoute(incoming.Conversation.ExternalId)
            : new SlackRoute(incoming.Conversation.ExternalId, ResponseUrl: ResponseUrl(interaction.ResponseUrl, "$.response_url").AbsoluteUri);
        return AcceptAsync(incoming, route, cancellationToken);
    }

    private async Task AcceptAsync(Core.Conversations.IncomingMessage incoming, SlackRoute route, CancellationToken cancellationToken)
    {
        // Slack sends an event again when it saw no answer in time; the first one is already being answered.
        if (!await inbox.AcceptAsync(incoming, route.ToJson(), cancellationToken)) SlackLog.EventAlreadyAccepted(logger, incoming.EventId);
    }

    private static Uri ResponseUrl(string? text, string field) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "https" or "http"
            ? url
            : throw new SlackPayloadException("response_url is missing or not an http(s) URL.", field);
}
