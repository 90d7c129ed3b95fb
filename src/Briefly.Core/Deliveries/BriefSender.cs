using System.Data.Common;
using System.Text.Json;
using Briefly.Core.Conversations;
using Briefly.Core.Messaging;
using Briefly.Core.Telemetry;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefly.Core.Deliveries;

/// <summary>
/// Sends planned deliveries (the send jobs): <see cref="DeliverAsync"/> claims one first, so that two hosts never send the
/// same delivery, and never again once it is sent; a platform's deferral is kept as the time of the next attempt.
/// </summary>
public sealed class BriefSender(
    BrieflyDbContext db,
    StoryAnswers answers,
    BriefReplyCache replies,
    IEnumerable<IConversationSender> senders,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    ILogger<BriefSender> logger)
{
    /// <summary>How long a host may take to send one brief before another may try.</summary>
    public static readonly TimeSpan ClaimTime = TimeSpan.FromMinutes(5);

    /// <summary>A brief not sent within this long after its time is failed and logged (<see cref="MessagingOptions.BriefGiveUpAfter"/>).</summary>
    private TimeSpan GiveUpAfter => options.Value.BriefGiveUpAfter;

    /// <summary>Sends one delivery, unless it is sent, given up, or another host holds it. Safe to run any number of times.</summary>
    /// <returns>When to try again (the platform's Retry-After, else a backoff), or null when the delivery is settled or not ours.</returns>
    public async Task<DateTime?> DeliverAsync(long deliveryId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claimedUntil = now + ClaimTime;
        var claimed = await db.Deliveries
            .Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Planned && (d.ClaimedUntil == null || d.ClaimedUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntil, claimedUntil).SetProperty(d => d.Attempts, d => d.Attempts + 1), cancellationToken);
        if (claimed == 0) return null;

        var delivery = await db.Deliveries.Include(d => d.Conversation).SingleAsync(d => d.Id == deliveryId, cancellationToken);
        // Still set from an earlier claim: the host that claimed it died between starting a post and recording it. Only the
        // claim's holder writes it, so it reads the same now as before the claim.
        var diedMidSend = delivery.Unsettled;
        // Until the platform has been asked what the dead host posted, the delivery stays unsettled, whatever comes.
        var asked = !diedMidSend;
        var conversation = delivery.Conversation;
        using var activity = BrieflyTelemetry.Source.StartActivity("briefly.send brief")
            ?.SetTag("briefly.platform", conversation.Platform.ToString()).SetTag("briefly.conversation", conversation.ExternalId);
        if (conversation.BlockedAt is not null || conversation.Paused || now - delivery.DueAt > GiveUpAfter)
        {
            await FinishAsync(delivery, DeliveryStatus.Skipped, conversation.BlockedAt is not null ? "blocked" : conversation.Paused ? "paused" : "too late", cancellationToken);
            return null;
        }

        var sender = senders.SingleOrDefault(s => s.Platform == conversation.Platform)
            ?? throw new InvalidOperationException($"No sender for {conversation.Platform} is registered.");
        var version = await db.Briefs.Where(b => b.Id == delivery.BriefId).Select(b => b.UpdatedAt).SingleAsync(cancellationToken);
        var reply = await replies.GetAsync(delivery.BriefId, version, () => answers.BriefAsync(delivery.BriefId, cancellationToken));
        var sentIds = delivery.MessageIds is { } json ? JsonSerializer.Deserialize<List<string>>(json) ?? [] : [];
        var sendKey = $"delivery-{delivery.Id}-brief-{delivery.BriefId}";
        try
        {
            var posted = diedMidSend ? await sender.FindPostedAsync(conversation, sendKey, delivery.DueAt - TimeSpan.FromMinutes(1), cancellationToken) : [];
            asked = true;
            if (posted.Count > sentIds.Count)
            {
                // Posted by the host that died, never recorded: recorded now instead of posted twice.
                DeliveryLog.BriefFoundPosted(logger, delivery.BriefId, conversation.Platform, conversation.ExternalId, posted.Count - sentIds.Count);
                sentIds = [.. posted];
                delivery.MessageIds = JsonSerializer.Serialize(sentIds);
                await db.SaveChangesAsync(CancellationToken.None);
            }
            await sender.SendAsync(conversation, null, reply, sentIds.Count, async id =>
            {
                // Each message is recorded as it goes, so a retry after a failure part-way does not post it twice.
                sentIds.Add(id);
                delivery.MessageIds = JsonSerializer.Serialize(sentIds);
                await db.SaveChangesAsync(CancellationToken.None);
            }, cancellationToken, sendKey, posting: async () =>
            {
                // Only from here could a crash leave a post unrecorded; a host that dies before (waiting for its turn, after
                // a kill mid-batch) leaves nothing to look for on the platform, and the next one posts without asking.
                if (delivery.Unsettled) return;
                delivery.Unsettled = true;
                await db.SaveChangesAsync(CancellationToken.None);
            });
        }
        catch (ConversationUnreachableException e)
        {
            conversation.BlockedAt = now;
            DeliveryLog.ConversationUnreachable(logger, conversation.Platform, conversation.ExternalId, e.Message);
            await FinishAsync(delivery, DeliveryStatus.Skipped, e.Message, cancellationToken);
            return null;
        }
        catch (MessageRefusedException e)
        {
            DeliveryLog.BriefRefused(logger, e, delivery.BriefId, conversation.Platform, conversation.ExternalId);
            await FinishAsync(delivery, DeliveryStatus.Failed, e.Message, CancellationToken.None);
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var next = time.GetUtcNow().UtcDateTime + Messaging.Backoff.Next(delivery.Attempts, (e as DeliveryDeferredException)?.RetryAfter);
            if (next - delivery.DueAt > GiveUpAfter)
            {
                DeliveryLog.BriefGaveUp(logger, e, delivery.BriefId, conversation.Platform, conversation.ExternalId, delivery.Attempts, delivery.DueAt + GiveUpAfter);
                await FinishAsync(delivery, DeliveryStatus.Failed, e.Message, CancellationToken.None);
                return null;
            }
            // Released at the next attempt's time: no host takes it before the platform's wait is over.
            delivery.ClaimedUntil = next;
            // A platform's deferral means the message it answered was not posted; any other failure (the record of a
            // post that could not be saved) may follow a post, and a deferral of the question about the dead host's
            // posts (a 429 on Slack's history) answered nothing: then the next attempt asks the platform first.
            delivery.Unsettled = !asked || e is not DeliveryDeferredException;
            delivery.LastError = Shorten(e.Message);
            await db.SaveChangesAsync(CancellationToken.None);
            if (e is DeliveryDeferredException) DeliveryLog.BriefDeferred(logger, delivery.BriefId, conversation.Platform, conversation.ExternalId, e.Message, next);
            else DeliveryLog.BriefDeferredAfterError(logger, e, delivery.BriefId, conversation.Platform, conversation.ExternalId, next);
            BrieflyTelemetry.Delivered(conversation.Platform, "brief", "deferred");
            return next;
        }

        delivery.SentAt = time.GetUtcNow().UtcDateTime;
        await FinishAsync(delivery, DeliveryStatus.Sent, null, cancellationToken);
        DeliveryLog.BriefSent(logger, delivery.BriefId, conversation.Platform, conversation.ExternalId, sentIds.Count);
        return null;
    }

    /// <summary>
    /// Hands a delivery whose send failed outside the platform's answer back for its next attempt at <paramref name="at"/>
    /// (a claim held until then), as far as the database lets it: if it cannot, the claim runs out on its own.
    /// </summary>
    public async Task ReleaseAsync(long deliveryId, DateTime at, CancellationToken cancellationToken)
    {
        try
        {
            await db.Deliveries.Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Planned)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntil, at), cancellationToken);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            DeliveryLog.DeliveryNotReleased(logger, deliveryId, e.Message);
        }
    }

    private async Task FinishAsync(Delivery delivery, DeliveryStatus status, string? error, CancellationToken cancellationToken)
    {
        delivery.Status = status;
        delivery.ClaimedUntil = null;
        delivery.Unsettled = false;
        delivery.LastError = error is null ? null : Shorten(error);
        await db.SaveChangesAsync(cancellationToken);
        BrieflyTelemetry.Delivered(delivery.Conversation.Platform, "brief", status.ToString().ToLowerInvariant());
    }

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000];
}
