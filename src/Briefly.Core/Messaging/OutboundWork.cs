using System.Text.Json;
using Briefly.Core.Conversations;
using Briefly.Core.Deliveries;
using Briefly.Core.Telemetry;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Briefly.Core.Messaging;

/// <summary>
/// Sends one queued message, claimed first so two hosts never send it at once, going on after the parts already sent.
/// A rate limit or an outage sets the next attempt (the platform's Retry-After, else a backoff); only a definitive refusal
/// or the give-up time ends it unsent, and either is logged. Safe to run any number of times.
/// </summary>
public sealed class OutboundWork(
    BrieflyDbContext db,
    IEnumerable<IConversationSender> senders,
    Removals removals,
    TimeProvider time,
    ILogger<OutboundWork> logger)
{
    public static readonly TimeSpan ClaimTime = TimeSpan.FromMinutes(2);

    public async Task SendAsync(long outboundId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + ClaimTime;
        var claimed = await db.OutboundMessages
            .Where(m => m.Id == outboundId && m.Status == DeliveryStatus.Planned && (m.ClaimedUntil == null || m.ClaimedUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntil, until).SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
        if (claimed == 0) return;

        var message = await db.OutboundMessages.Include(m => m.Conversation).SingleAsync(m => m.Id == outboundId, cancellationToken);
        var conversation = message.Conversation;
        using var activity = BrieflyTelemetry.StartQueued("briefly.send " + KindName(message.Kind), message.TraceParent)
            ?.SetTag("briefly.platform", conversation.Platform.ToString()).SetTag("briefly.conversation", conversation.ExternalId);
        if (conversation.BlockedAt is not null)
        {
            await FinishAsync(message, DeliveryStatus.Skipped, "The bot can no longer post in this conversation.");
            return;
        }

        var sentIds = message.MessageIds is { } json ? JsonSerializer.Deserialize<List<string>>(json) ?? [] : [];
        try
        {
            var sender = senders.SingleOrDefault(s => s.Platform == conversation.Platform)
                ?? throw new InvalidOperationException($"No sender for {conversation.Platform} is registered.");
            await sender.SendAsync(conversation, message.RouteJson, ReplyJson.Deserialize(message.ReplyJson), sentIds.Count, async id =>
            {
                // Each part is recorded as it goes, so a retry after a failure part-way does not post it twice.
                sentIds.Add(id);
                message.MessageIds = JsonSerializer.Serialize(sentIds);
                await db.SaveChangesAsync(CancellationToken.None);
            }, cancellationToken);
        }
        catch (ConversationUnreachableException e)
        {
            MessagingLog.ConversationUnreachable(logger, conversation.Platform, conversation.ExternalId, e.Message);
            if (e.WholeWorkspace && conversation.TenantId is { } tenant) await removals.UninstalledAsync(conversation.Platform, tenant, CancellationToken.None);
            else await removals.RemovedAsync(conversation.Platform, conversation.ExternalId, CancellationToken.None);
            await FinishAsync(message, DeliveryStatus.Skipped, e.Message);
            return;
        }
        catch (MessageRefusedException e)
        {
            MessagingLog.SendRefused(logger, e, message.Kind, message.Id, conversation.Platform, conversation.ExternalId);
            await FinishAsync(message, DeliveryStatus.Failed, e.Message);
            return;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            await DeferAsync(message, e);
            return;
        }

        message.SentAt = time.GetUtcNow().UtcDateTime;
        await FinishAsync(message, DeliveryStatus.Sent, null);
        MessagingLog.Sent(logger, message.Kind, message.Id, conversation.Platform, conversation.ExternalId, sentIds.Count);
    }

    private async Task DeferAsync(OutboundMessage message, Exception e)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var retryAfter = (e as DeliveryDeferredException)?.RetryAfter;
        var next = now + Backoff.Next(message.Attempts, retryAfter);
        var conversation = message.Conversation;
        if (next > message.GiveUpAt)
        {
            MessagingLog.SendGaveUp(logger, e, message.Kind, message.Id, conversation.Platform, conversation.ExternalId, message.GiveUpAt);
            await FinishAsync(message, DeliveryStatus.Failed, e.Message);
            return;
        }
        // An expected wait (a rate limit, an outage) is news, not an error; anything else is worth a look.
        if (e is DeliveryDeferredException) MessagingLog.SendDeferred(logger, message.Kind, message.Id, conversation.Platform, conversation.ExternalId, e.Message, next);
        else MessagingLog.SendFailed(logger, e, message.Kind, message.Id, conversation.Platform, conversation.ExternalId, next);
        message.NextAttemptAt = next;
        message.ClaimedUntil = null;
        message.LastError = Shorten(e.Message);
        await db.SaveChangesAsync(CancellationToken.None);
        BrieflyTelemetry.Delivered(conversation.Platform, KindName(message.Kind), "deferred");
    }

    private async Task FinishAsync(OutboundMessage message, DeliveryStatus status, string? error)
    {
        message.Status = status;
        message.ClaimedUntil = null;
        message.LastError = error is null ? null : Shorten(error);
        await db.SaveChangesAsync(CancellationToken.None);
        BrieflyTelemetry.Delivered(message.Conversation.Platform, KindName(message.Kind), status.ToString().ToLowerInvariant());
    }

    private static string KindName(OutboundKind kind) => kind.ToString().ToLowerInvariant();

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000];
}
