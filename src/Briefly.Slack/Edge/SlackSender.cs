using System.Text.Json.Nodes;
using Briefly.Core.Conversations;
using Briefly.Core.Deliveries;
using Briefly.Core.Messaging;
using Briefly.Data.Entities;
using Briefly.Slack.BlockKit;
using Microsoft.Extensions.Logging;

namespace Briefly.Slack.Edge;

/// <summary>Posts a reply into a Slack conversation: to the channel (or a thread) with the bot token, or through a response_url.</summary>
internal sealed class SlackSender(SlackApiClient slack, PlatformPacer pacer, ILogger<SlackSender> logger) : IConversationSender
{
    /// <summary>Errors that mean the bot cannot post in that channel any more (https://docs.slack.dev/reference/methods/chat.postMessage#errors).</summary>
    private static readonly HashSet<string> ChannelGone = ["not_in_channel", "channel_not_found", "is_archived", "restricted_action"];

    /// <summary>Errors that mean the bot lost the whole workspace: uninstalled, its token revoked, the workspace gone.</summary>
    private static readonly HashSet<string> WorkspaceGone = ["token_revoked", "invalid_auth", "account_inactive", "not_authed", "team_access_not_granted"];

    public ChatPlatform Platform => ChatPlatform.Slack;

    /// <summary>The metadata event type marking a message of a keyed send (https://docs.slack.dev/messaging/message-metadata).</summary>
    internal const string PostEventType = "briefly_post";

    /// <summary>The longest a delivery waits for a history turn: well inside its claim (<see cref="BriefSender.ClaimTime"/>).</summary>
    internal static readonly TimeSpan HistoryLongestWait = TimeSpan.FromMinutes(1);

    public async Task SendAsync(Conversation conversation, string? routeJson, Reply reply, int alreadySent, Func<string, Task> sent,
        CancellationToken cancellationToken, string? sendKey = null, Func<Task>? posting = null)
    {
        var route = SlackRoute.FromJson(routeJson) ?? new SlackRoute(conversation.ExternalId);
        // A Home tab is published apart from the person's messages: it keeps no gap with them.
        var place = reply is HomeReply && route.HomeOf is { } owner ? $"home:{owner}" : route.Channel ?? conversation.ExternalId;
        var turns = pacer.Turns(Platform, conversation.TenantId, place);
        if (reply is HomeReply home && route.HomeOf is { } person)
        {
            await PublishHomeAsync(conversation, person, home, turns, sent, cancellationToken);
            return;
        }
        var part = alreadySent;
        foreach (var body in BlockKitRenderer.Render(reply).Skip(alreadySent))
        {
            var metadata = sendKey is null ? null : new JsonObject
            {
                ["event_type"] = PostEventType,
                ["event_payload"] = new JsonObject { ["key"] = sendKey, ["part"] = part++ },
            };
            await turns.NextAsync(cancellationToken);
            if (posting is not null) await posting();
            try
            {
                if (route.ResponseUrl is { } responseUrl)
                {
                    await slack.RespondAsync(new Uri(responseUrl), Ephemeral(body), cancellationToken);
                    await sent("");
                }
                else
                {
                    var result = await slack.PostMessageAsync(conversation.TenantId, route.Channel ?? conversation.ExternalId, body, route.ThreadTs, cancellationToken, metadata);
                    await sent((string?)result["ts"] ?? "");
                }
            }
            catch (SlackRateLimitedException e)
            {
                await pacer.HoldAsync(Platform, conversation.TenantId, e.RetryAfter, CancellationToken.None);
                throw new DeliveryDeferredException($"Slack is rate limiting {e.Method}.", e.RetryAfter, e);
            }
            catch (SlackUnavailableException e)
            {
                if (e.RetryAfter is { } wait) await pacer.PauseAsync(Platform, conversation.TenantId, wait, CancellationToken.None);
                throw new DeliveryDeferredException($"Slack answered {e.Error} to {e.Method}.", e.RetryAfter, e);
            }
            catch (SlackApiException e) when (WorkspaceGone.Contains(e.Error))
            {
                throw new ConversationUnreachableException($"Slack answered {e.Error}.", e, wholeWorkspace: true);
            }
            catch (SlackApiException e) when (ChannelGone.Contains(e.Error))
            {
                throw new ConversationUnreachableException($"Slack answered {e.Error}.", e);
            }
            catch (SlackApiException e)
            {
                throw new MessageRefusedException($"Slack refused the message: {e.Error}.", e);
            }
            catch (HttpRequestException e) when (e.StatusCode is { } status && (int)status is >= 400 and < 500)
            {
                // A response_url past its 30 minutes or 5 uses answers 404 / 410: asking again will not change that.
                throw new MessageRefusedException($"Slack answered {(int)status} to the response_url.", e);
            }
        }
    }

    public async Task<IReadOnlyList<string>> FindPostedAsync(Conversation conversation, string sendKey, DateTime since, CancellationToken cancellationToken)
    {
        // Never posted without having looked: when the workspace's history calls are booked further ahead than a delivery
        // should wait holding its claim, the delivery is deferred to when they have room, still to be looked up.
        if (await pacer.HistoryTurnAsync(conversation.TenantId, HistoryLongestWait, cancellationToken) is { } busyFor)
            throw new DeliveryDeferredException("Slack's conversations.history calls for the workspace are booked ahead.",
                Max(busyFor, TimeSpan.FromSeconds(1)));
        JsonArray history;
        try
        {
            history = await slack.HistoryAsync(conversation.TenantId, conversation.ExternalId, since, cancellationToken);
        }
        catch (SlackRateLimitedException e)
        {
            await pacer.HoldHistoryAsync(conversation.TenantId, e.RetryAfter, CancellationToken.None);
            throw new DeliveryDeferredException($"Slack is rate limiting {e.Method}.", e.RetryAfter, e);
        }
        catch (SlackUnavailableException e)
        {
            throw new DeliveryDeferredException($"Slack answered {e.Error} to {e.Method}.", e.RetryAfter, e);
        }
        catch (SlackApiException e) when (ChannelGone.Contains(e.Error) || WorkspaceGone.Contains(e.Error))
        {
            throw new ConversationUnreachableException($"Slack answered {e.Error}.", e, wholeWorkspace: WorkspaceGone.Contains(e.Error));
        }
        catch (Exception e) when (e is SlackApiException or HttpRequestException or System.Text.Json.JsonException)
        {
            // History that cannot be read (a scope not granted: missing_scope) leaves it as it was before there was a marker
            // to look for: the messages are posted again, and the log says why a channel may see one twice.
            SlackLog.HistoryUnreadable(logger, conversation.ExternalId, e.Message);
            return [];
        }
        var parts = new SortedDictionary<int, string>();
        foreach (var message in history.OfType<JsonObject>())
        {
            if ((string?)message["metadata"]?["event_type"] != PostEventType || message["metadata"]?["event_payload"] is not JsonObject payload) continue;
            if ((string?)payload["key"] != sendKey || payload["part"]?.GetValueKind() != System.Text.Json.JsonValueKind.Number) continue;
            parts.TryAdd((int)payload["part"]!, (string?)message["ts"] ?? "");
        }
        // The messages in order from the first, up to a gap: anything after a gap is posted again rather than guessed at.
        return [.. parts.TakeWhile((p, i) => p.Key == i).Select(p => p.Value)];
    }

    /// <summary>A Home tab is one view, replaced whole each time it is published.</summary>
    private async Task PublishHomeAsync(Conversation conversation, string person, HomeReply home, ConversationTurns turns,
        Func<string, Task> sent, CancellationToken cancellationToken)
    {
        await turns.NextAsync(cancellationToken);
        try
        {
            await slack.PublishHomeAsync(conversation.TenantId, person, BlockKitRenderer.HomeView(home, conversation.ExternalId), cancellationToken);
            await sent("");
        }
        catch (Exception e) when (e is SlackApiException and not (SlackRateLimitedException or SlackUnavailableException)
            || e is HttpRequestException { StatusCode: { } status } && (int)status is >= 400 and < 500)
        {
            // The Home tab off in the app's settings (an older manifest), or the person gone: the Home stays as it was, said
            // once here; sending it again would be refused again. Nothing else the person gets depends on it.
            SlackLog.HomeNotPublished(logger, person, e.Message);
            await sent("");
        }
        catch (SlackRateLimitedException e)
        {
            await pacer.HoldAsync(Platform, conversation.TenantId, e.RetryAfter, CancellationToken.None);
            throw new DeliveryDeferredException($"Slack is rate limiting {e.Method}.", e.RetryAfter, e);
        }
        catch (SlackUnavailableException e)
        {
            if (e.RetryAfter is { } wait) await pacer.PauseAsync(Platform, conversation.TenantId, wait, CancellationToken.None);
            throw new DeliveryDeferredException($"Slack answered {e.Error} to {e.Method}.", e.RetryAfter, e);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static JsonObject Ephemeral(JsonObject body)
    {
        var message = body.DeepClone().AsObject();
        message["response_type"] = "ephemeral";
        message["replace_original"] = false;
        return message;
    }
}
