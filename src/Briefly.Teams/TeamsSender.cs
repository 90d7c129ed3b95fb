using System.Net;
using Briefly.Core.Conversations;
using Briefly.Core.Deliveries;
using Briefly.Core.Messaging;
using Briefly.Data.Entities;
using Briefly.Teams.Cards;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace Briefly.Teams;

/// <summary>
/// Posts into a Teams conversation: an answer as a reply to the question (its <see cref="TeamsRoute"/>), or a daily brief
/// or alert into the conversation itself, from the reference stored when the bot was installed or last spoken to there.
/// </summary>
internal sealed class TeamsSender(TeamsConnectors connectors, PlatformPacer pacer) : IConversationSender
{
    /// <summary>The 403 codes that mean the bot can no longer post there (any other 403 is a failure to retry).</summary>
    private static readonly HashSet<string> Gone = new(StringComparer.OrdinalIgnoreCase)
    {
        "MessageWritesBlocked", "BotNotInConversationRoster", "ConversationBlockedByUser",
    };

    public ChatPlatform Platform => ChatPlatform.Teams;

    public async Task SendAsync(Conversation conversation, string? routeJson, Reply reply, int alreadySent, Func<string, Task> sent,
        CancellationToken cancellationToken, string? sendKey = null, Func<Task>? posting = null)
    {
        var route = TeamsRoute.FromJson(routeJson);
        var reference = route?.Reference ?? JsonConvert.DeserializeObject<ConversationReference>(conversation.ReferenceJson);
        if (reference?.Conversation?.Id is null || reference.ServiceUrl is null)
            throw new ConversationUnreachableException($"Conversation {conversation.Id} has no Teams conversation reference to post with.");

        var cards = AdaptiveCardRenderer.Render(reply);
        var turns = pacer.Turns(Platform, conversation.TenantId, conversation.ExternalId);
        try
        {
            // A brief or alert goes to the conversation, not as a reply: in a channel it starts a post of its own.
            var connector = await connectors.ForAsync(reference.ServiceUrl, cancellationToken);
            foreach (var card in cards.Skip(alreadySent))
            {
                await turns.NextAsync(cancellationToken);
                if (posting is not null) await posting();
                var message = (Activity)BrieflyTeamsBot.CardMessage(card);
                message.ApplyConversationReference(reference);
                ResourceResponse? response;
                if (route?.ReplyToId is { } replyToId)
                {
                    message.ReplyToId = replyToId;
                    response = await connector.Conversations.ReplyToActivityAsync(reference.Conversation.Id, replyToId, message, cancellationToken);
                }
                else
                {
                    response = await connector.Conversations.SendToConversationAsync(message, cancellationToken);
                }
                await sent(response?.Id ?? "");
            }
        }
        catch (ErrorResponseException e)
        {
            if (await ExplainAsync(e, conversation.TenantId) is { } explained) throw explained;
            throw;
        }
    }

    /// <summary>What a refusal from the connector means for the delivery: gone, deferred, refused; null for anything else.</summary>
    private async Task<Exception?> ExplainAsync(ErrorResponseException e, string? tenantId)
    {
        switch (e.Response?.StatusCode)
        {
            case HttpStatusCode.NotFound:
            case HttpStatusCode.Forbidden when Gone.Contains(e.Body?.Error?.Code ?? ""):
                // 403 MessageWritesBlocked and kin: the bot was blocked or removed; 404: the conversation is gone.
                return new ConversationUnreachableException($"Teams answered {(int)e.Response.StatusCode} ({e.Body?.Error?.Code ?? "no code"}).", e);
            case HttpStatusCode.TooManyRequests:
                // Teams does not say which of its limits (the conversation's, the tenant's) was met: the tenant waits, so
                // the other turns of this fan-out do not walk into the same 429.
                await pacer.HoldAsync(Platform, tenantId, RetryAfter(e) ?? RateLimitPause, CancellationToken.None);
                return new DeliveryDeferredException($"Teams answered {(int)e.Response.StatusCode}.", RetryAfter(e), e);
            case HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout:
                // With a Retry-After the connector said how long it cannot take the tenant's messages: none goes before then.
                if (RetryAfter(e) is { } wait) await pacer.PauseAsync(Platform, tenantId, wait, CancellationToken.None);
                return new DeliveryDeferredException($"Teams answered {(int)e.Response.StatusCode}.", RetryAfter(e), e);
            case HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge:
                // The card itself was refused (malformed, over the size limit): sending it again would meet the same answer.
                return new MessageRefusedException($"Teams answered {(int)e.Response.StatusCode} ({e.Body?.Error?.Code ?? "no code"}).", e);
            case >= HttpStatusCode.InternalServerError:
                return new DeliveryDeferredException($"Teams answered {(int)e.Response.StatusCode}.", null, e);
            default:
                return null;
        }
    }

    /// <summary>
    /// Teams keeps no marker a bot can search its conversation for, so a message a host posted just before it died (not yet
    /// recorded) cannot be found: at most the sends in flight then are posted again.
    /// </summary>
    public Task<IReadOnlyList<string>> FindPostedAsync(Conversation conversation, string sendKey, DateTime since, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>How long the tenant's posts wait after a 429 that named no Retry-After.</summary>
    internal static readonly TimeSpan RateLimitPause = TimeSpan.FromSeconds(1);

    /// <summary>The connector's Retry-After in seconds, when it sent one.</summary>
    internal static TimeSpan? RetryAfter(ErrorResponseException e) =>
        e.Response?.Headers is { } headers && headers.TryGetValue("Retry-After", out var values)
            && int.TryParse(values.FirstOrDefault(), out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
}
