using Briefly.Core.Conversations;
using Briefly.Core.Telemetry;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Core.Messaging;

/// <summary>
/// Where the platform edges put what people say before they acknowledge it: stored, so the answer survives a restart,
/// and unique per event, so a platform's retry of an event already accepted is recognised and answered once.
/// </summary>
public sealed class Inbox(BrieflyDbContext db, DispatchSignal signal, TimeProvider time)
{
    /// <summary>Stores the message for the <see cref="MessageDispatcher"/>; false when this event was accepted before.</summary>
    /// <param name="routeJson">Where the answer goes, in the platform's terms; handed back to its sender with the answer.</param>
    public async Task<bool> AcceptAsync(IncomingMessage message, string? routeJson, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var eventId = message.EventId ?? Guid.NewGuid().ToString("N");
        // Looked up first, so a platform's ordinary retry is not a failed insert (which EF Core logs as an error);
        // the unique index still settles two deliveries arriving at the same moment.
        if (await db.InboundMessages.AnyAsync(m => m.Platform == message.Platform && m.EventId == eventId, cancellationToken)) return false;
        var row = new InboundMessage
        {
            Platform = message.Platform, EventId = eventId, MessageJson = ReplyJson.SerializeMessage(message with { EventId = eventId }),
            RouteJson = routeJson, Status = InboundStatus.Pending, ReceivedAt = now, NextAttemptAt = now,
            TraceParent = BrieflyTelemetry.CurrentTraceParent(),
        };
        db.InboundMessages.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            if (await AlreadyAcceptedAsync(message.Platform, eventId)) return false;
            throw;
        }
        BrieflyTelemetry.MessageReceived(message.Platform);
        signal.Poke();
        return true;
    }

    private async Task<bool> AlreadyAcceptedAsync(ChatPlatform platform, string eventId)
    {
        db.ChangeTracker.Clear();
        return await db.InboundMessages.AnyAsync(m => m.Platform == platform && m.EventId == eventId, CancellationToken.None);
    }
}
