namespace Briefly.Data.Entities;

public enum InboundStatus
{
    /// <summary>Accepted and acknowledged to the platform; not answered yet.</summary>
    Pending,

    /// <summary>Answered: the reply is in the outbox.</summary>
    Handled,

    /// <summary>Handling kept failing; the person was sent an apology.</summary>
    Failed,
}

/// <summary>
/// What a person said, stored before the platform is acknowledged, so the answer survives a restart and a platform retry
/// of the same event (unique per platform and event id) is recognised and gets no second answer.
/// </summary>
public class InboundMessage
{
    public long Id { get; set; }

    public ChatPlatform Platform { get; set; }

    /// <summary>The platform's id for the event (Slack event_id or trigger_id, Teams activity id).</summary>
    public required string EventId { get; set; }

    /// <summary>The normalised message (the core's IncomingMessage) as JSON.</summary>
    public required string MessageJson { get; set; }

    /// <summary>Where the answer goes, in the platform's terms (a Slack thread or response_url, a Teams activity to reply to).</summary>
    public string? RouteJson { get; set; }

    public InboundStatus Status { get; set; }

    public DateTime ReceivedAt { get; set; }

    public DateTime NextAttemptAt { get; set; }

    /// <summary>While set and in the future, one host is handling this message and no other may.</summary>
    public DateTime? ClaimedUntil { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>The W3C traceparent of the work that queued it, so its handling continues that trace; null outside any trace.</summary>
    public string? TraceParent { get; set; }

    public DateTime? HandledAt { get; set; }
}

public enum OutboundKind
{
    Reply,
    Apology,
    Alert,
    Digest,
}

/// <summary>
/// One reply, alert or digest on its way to a conversation: sent by the outbox, in order per conversation, retried after
/// the platform's Retry-After or a backoff until it is sent, refused for good, or its give-up time passes.
/// </summary>
public class OutboundMessage
{
    public long Id { get; set; }

    public long ConversationId { get; set; }

    public Conversation Conversation { get; set; } = null!;

    public OutboundKind Kind { get; set; }

    /// <summary>The neutral reply model as JSON; each platform renders it when it is sent.</summary>
    public required string ReplyJson { get; set; }

    /// <summary>The platform route of an answer (thread, response_url); null posts to the conversation itself.</summary>
    public string? RouteJson { get; set; }

    /// <summary>The message this answers, if it is an answer.</summary>
    public long? InboundMessageId { get; set; }

    public DeliveryStatus Status { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime NextAttemptAt { get; set; }

    /// <summary>Past this time an unsent message is failed and logged: an answer or alert that late is no use.</summary>
    public DateTime GiveUpAt { get; set; }

    public DateTime? ClaimedUntil { get; set; }

    public int Attempts { get; set; }

    /// <summary>The platform's ids of the parts sent so far (a long reply is several messages), as a JSON array.</summary>
    public string? MessageIds { get; set; }

    public string? LastError { get; set; }

    /// <summary>The W3C traceparent of the work that queued it, so its handling continues that trace; null outside any trace.</summary>
    public string? TraceParent { get; set; }

    public DateTime? SentAt { get; set; }
}
