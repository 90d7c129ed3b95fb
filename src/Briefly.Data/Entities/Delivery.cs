namespace Briefly.Data.Entities;

public enum DeliveryStatus
{
    Planned,
    Sent,
    Failed,

    /// <summary>Not sent, on purpose: the conversation was blocked or paused before the send.</summary>
    Skipped,

    /// <summary>Handed to the outbox (<see cref="OutboundMessage"/>), which sends it or records why it could not.</summary>
    Queued,
}

/// <summary>One brief to one conversation. Unique per pair, so a brief is never posted twice to a channel.</summary>
public class Delivery
{
    public long Id { get; set; }

    public long ConversationId { get; set; }

    public Conversation Conversation { get; set; } = null!;

    public long BriefId { get; set; }

    public Brief Brief { get; set; } = null!;

    public DeliveryStatus Status { get; set; }

    public DateTime DueAt { get; set; }

    public DateTime? SentAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>
    /// While set and in the future, one host is sending this delivery and no other may; a host that dies mid-send
    /// leaves it to expire, and the delivery is tried again.
    /// </summary>
    public DateTime? ClaimedUntil { get; set; }

    public string? LastError { get; set; }

    /// <summary>The platform's ids of the messages sent so far (a long brief is several), as a JSON array: a retry goes on after them.</summary>
    public string? MessageIds { get; set; }

    /// <summary>
    /// Set while a host sends it, cleared with every outcome (sent, deferred, failed, skipped). Found set when it is claimed
    /// again, the last host died mid-send: a message it posted may not be in <see cref="MessageIds"/>, so the platform is
    /// asked what it holds before anything is posted again.
    /// </summary>
    public bool Unsettled { get; set; }
}

/// <summary>A story sent to a user because it matched a topic they follow. Unique per user and story.</summary>
public class TopicAlert
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public long StoryId { get; set; }

    public Story Story { get; set; } = null!;

    /// <summary>The followed topic that matched, as the user wrote it.</summary>
    public required string Topic { get; set; }

    public DeliveryStatus Status { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? SentAt { get; set; }
}
