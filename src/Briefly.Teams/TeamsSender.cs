using System.Net;
using Briefly.Core.Conversations;
using Briefly.Core.Deliveries;
using Briefly.Core.Messaging;
using Briefly.Data.Entities;
using Briefly.Teams.Cards;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;

namespace Briefly.Teams;

/// <summary>
/// Posts into a Teams conversation: an answer as a reply to the question (its <see cref="TeamsRoute"/>), or a daily brief
/// or alert into the conversation itself, from the reference stored when the bot was installed or last spoken to there.
/// </summary>
internal sealed class TeamsSender(CloudAdapter adapter, IOptions<TeamsOptions> options, PlatformPacer pacer) : IConversationSender
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
        var turns = pacer.Turns(Platform, conversation.TenantId);
        Exception? failure = null;
        await adapter.ContinueConversationAsync(options.Value.MicrosoftAppId ?? "", reference, async (turn, token) =>
        {
            try
            {
                // A brief or alert goes to the conversation, not as a reply: in a channel it starts a post of its own.
                var connector = turn.TurnState.Get<IConnectorClient>();
                foreach (var card in cards.Skip(alreadySent))
                {
                    await turns.NextAsync(token);
                    if (posting is not null) await posting();
                    var message = (Activity)BrieflyTeamsBot.CardMessage(card);
                    message.ApplyConversationReference(reference);
                    ResourceResponse? response;
                    if (route?.ReplyToId is { } replyToId)
                    {
                        message.ReplyToId = replyToId;
                        response = await connector.Conversations.ReplyToActivityAsync(reference.Conversation.Id, replyToId, message, token);
                    }
                    else
                    {
                        response = await connector.Conversations.SendToConversationAsync(message, token);
                    }
                    await sent(response?.Id ?? "");
                }
            }
            catch (Exception e)
            {
                // Kept from the adapter's turn error handler, which would apologise in the channel for a brief nobody asked for.
                failure = e;
            }
        }, cancellationToken);

        switch (failure)
        {
            case null:
                return;
            case ErrorResponseException e when e.Response?.StatusCode == HttpStatusCode.NotFound
                || (e.Response?.StatusCode == HttpStatusCode.Forbidden && Gone.Contains(e.Body?.Error?.Code ?? "")):
                // 403 MessageWritesBlocked and kin: the bot was blocked or removed; 404: the conversation is gone.
                throw new ConversationUnreachableException($"Teams answered {(int)e.Response.StatusCode} ({e.Body?.Error?.Code ?? "no code"}).", e);
            case ErrorResponseException e when e.Response?.StatusCode == HttpStatusCode.TooManyRequests:
                // Teams does not say which of its limits (the conversation's, the tenant's) was met: the tenant waits, so
                // the other turns of this fan-out do not walk into the same 429.
                await pacer.HoldAsync(Platform, conversation.TenantId, RetryAfter(e) ?? RateLimitPause, CancellationToken.None);
                throw new DeliveryDeferredException($"Teams answered {(int)e.Response.StatusCode}.", RetryAfter(e), e);
            case ErrorResponseException e when e.Response?.StatusCode is HttpStatusCode.PreconditionFailed
                or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout:
                throw new DeliveryDeferredException($"Teams answered {(int)e.Response.StatusCode}.", RetryAfter(e), e);
            case ErrorResponseException e when e.Response?.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge:
                // The card itself was refused (malformed, over the size limit): sending it again would meet the same answer.
                throw new MessageRefusedException($"Teams answered {(int)e.Response.StatusCode} ({e.Body?.Error?.Code ?? "no code"}).", e);
            case ErrorResponseException e when e.Response?.StatusCode >= HttpStatusCode.InternalServerError:
                throw new DeliveryDeferredException($"Teams answered {(int)e.Response.StatusCode}.", null, e);
            default:
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                break;
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
