using Briefly.Data.Entities;

namespace Briefly.Core.Deliveries;

/// <summary>Where a delivery stands, as an operator reads it.</summary>
public enum DeliveryStage
{
    /// <summary>Planned, waiting for a host to take it.</summary>
    Pending,
    /// <summary>A host holds it and is sending it now.</summary>
    Sending,
    /// <summary>The platform (or an error) put it off; it is tried again at <see cref="DeliveryState.At"/>.</summary>
    Deferred,
    Sent,
    /// <summary>Given up, with the reason.</summary>
    Failed,
    /// <summary>Not sent on purpose: the channel was paused or removed, or the brief's time had long passed.</summary>
    Skipped,
}

/// <summary>A delivery's stage, with its time (sent at, deferred until) and the reason it failed, was skipped or deferred.</summary>
public sealed record DeliveryState(DeliveryStage Stage, DateTime? At, string? Reason)
{
    public static DeliveryState Of(Delivery delivery, DateTime utcNow) => delivery.Status switch
    {
        DeliveryStatus.Sent => new(DeliveryStage.Sent, delivery.SentAt, null),
        DeliveryStatus.Failed => new(DeliveryStage.Failed, null, delivery.LastError),
        DeliveryStatus.Skipped => new(DeliveryStage.Skipped, null, delivery.LastError),
        // A deferral keeps the delivery claimed until its next attempt, and says why; a send in progress has no error yet.
        _ when delivery.ClaimedUntil > utcNow => delivery.LastError is null
            ? new(DeliveryStage.Sending, null, null)
            : new(DeliveryStage.Deferred, delivery.ClaimedUntil, delivery.LastError),
        _ => new(DeliveryStage.Pending, delivery.DueAt, delivery.LastError),
    };
}
