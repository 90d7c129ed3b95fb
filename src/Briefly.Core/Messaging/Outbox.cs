using Briefly.Core.Conversations;
using Briefly.Core.Telemetry;
using Briefly.Data;
using Briefly.Data.Entities;

namespace Briefly.Core.Messaging;

/// <summary>
/// The one way out for answers, apologies, alerts and digests: a queued message is sent by the <see cref="MessageDispatcher"/>
/// of some host, in order per conversation, and retried until it is sent, refused for good, or past its give-up time.
/// </summary>
public sealed class Outbox(BrieflyDbContext db, DispatchSignal signal, TimeProvider time)
{
    /// <summary>Adds the message to the context; it is queued when the caller saves, in the caller's transaction.</summary>
    public OutboundMessage Add(long conversationId, Reply reply, OutboundKind kind, TimeSpan giveUpAfter, string? routeJson = null, long? inboundMessageId = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var message = new OutboundMessage
        {
            ConversationId = conversationId, Kind = kind, ReplyJson = ReplyJson.Serialize(reply), RouteJson = routeJson,
            InboundMessageId = inboundMessageId, Status = DeliveryStatus.Planned, CreatedAt = now, NextAttemptAt = now,
            GiveUpAt = now + giveUpAfter, TraceParent = BrieflyTelemetry.CurrentTraceParent(),
        };
        db.OutboundMessages.Add(message);
        return message;
    }

    /// <summary>Tells this host's dispatcher that messages were saved.</summary>
    public void Poke() => signal.Poke();
}
