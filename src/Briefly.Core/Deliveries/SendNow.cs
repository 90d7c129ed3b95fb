using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Briefly.Core.Deliveries;

/// <summary>What a "send now" did.</summary>
public enum SendNowStatus
{
    /// <summary>A delivery of the newest brief is planned for now; the caller queues its send.</summary>
    Queued,
    /// <summary>Nothing to do: the channel has the brief already, or its delivery is on its way.</summary>
    Unneeded,
    /// <summary>Not sent: no such channel, no brief stored, or the channel is paused or removed.</summary>
    Refused,
}

/// <param name="DeliveryId">The delivery to send, when <see cref="SendNowStatus.Queued"/>.</param>
/// <param name="Message">What happened, for the operator, naming the brief and the channel.</param>
public sealed record SendNowOutcome(SendNowStatus Status, long? DeliveryId, string Message);

/// <summary>
/// An operator's "send now" for one channel: the newest stored brief is delivered to it at once rather than at its time,
/// through the same delivery record as the daily fan-out, so it still reaches the channel once (the planner finds the
/// day served and plans nothing more). A failed or skipped delivery is tried again; a sent one is not sent twice.
/// </summary>
public sealed class SendNow(BrieflyDbContext db, TimeProvider time, ILogger<SendNow> logger)
{
    public async Task<SendNowOutcome> RequestAsync(long conversationId, string requestedBy, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.AsNoTracking()
            .SingleOrDefaultAsync(c => c.Id == conversationId && c.Kind != ConversationKind.Personal, cancellationToken);
        if (conversation is null) return Refuse($"There is no channel {conversationId}.");
        var channel = ChannelName(conversation);
        if (conversation.BlockedAt is { } removed)
            return Refuse($"Briefly was removed from {channel} on {removed:yyyy-MM-dd}; nothing is sent there.");
        if (conversation.Paused) return Refuse($"{channel} is paused; it takes no brief until someone there resumes it.");

        var brief = await db.Briefs.AsNoTracking().OrderByDescending(b => b.Date).ThenByDescending(b => b.UpdatedAt)
            .Select(b => new { b.Id, b.Title, b.Date }).FirstOrDefaultAsync(cancellationToken);
        if (brief is null) return Refuse("No brief is stored yet.");

        var now = time.GetUtcNow().UtcDateTime;
        // One brief per channel and day, whichever version of the day's brief it was.
        var delivery = await db.Deliveries
            .Where(d => d.ConversationId == conversationId && d.Brief.Date == brief.Date)
            .OrderByDescending(d => d.Id).FirstOrDefaultAsync(cancellationToken);
        switch (delivery?.Status)
        {
            case DeliveryStatus.Sent:
                return new(SendNowStatus.Unneeded, null, $"{channel} was sent the brief of {brief.Date:yyyy-MM-dd} at {delivery.SentAt:yyyy-MM-dd HH:mm} UTC; a brief goes to a channel once.");
            case DeliveryStatus.Planned or DeliveryStatus.Queued:
                var state = DeliveryState.Of(delivery, now);
                return new(SendNowStatus.Unneeded, null, state.Stage == DeliveryStage.Deferred
                    ? $"The brief to {channel} is deferred until {state.At:HH:mm:ss} UTC ({state.Reason}); it goes then, at the platform's pace."
                    : $"The brief to {channel} is already on its way.");
            case DeliveryStatus.Failed or DeliveryStatus.Skipped:
                // Tried again from where it stopped: messages of a long brief already posted are not posted again.
                if (delivery.BriefId != brief.Id) delivery.MessageIds = null;
                delivery.BriefId = brief.Id;
                delivery.Status = DeliveryStatus.Planned;
                delivery.DueAt = now;
                delivery.Attempts = 0;
                delivery.ClaimedUntil = null;
                delivery.LastError = null;
                break;
            default:
                delivery = new Delivery { ConversationId = conversationId, BriefId = brief.Id, Status = DeliveryStatus.Planned, DueAt = now };
                db.Deliveries.Add(delivery);
                break;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The planner recorded the same delivery this moment: it sends it.
            return new(SendNowStatus.Unneeded, null, $"The brief to {channel} is already on its way.");
        }
        DeliveryLog.SendNow(logger, brief.Id, conversation.Platform, conversation.ExternalId, requestedBy);
        return new(SendNowStatus.Queued, delivery.Id, $"Sending “{brief.Title}” to {channel} now.");
    }

    /// <summary>"#briefs (Slack)", or the platform's id when the channel's name is not known.</summary>
    public static string ChannelName(Conversation conversation) =>
        $"{(string.IsNullOrWhiteSpace(conversation.Name) ? conversation.ExternalId : conversation.Name)} ({conversation.Platform})";

    private static SendNowOutcome Refuse(string message) => new(SendNowStatus.Refused, null, message);
}
