using Briefly.Core.Deliveries;
using Hangfire;

namespace Briefly.Host.Jobs;

/// <summary>Every minute: records the daily briefs that have come due in each channel's time zone and queues one send job for each.</summary>
public sealed class PlanBriefDeliveriesJob(BriefDeliveries deliveries, IBackgroundJobClient jobs, ILogger<PlanBriefDeliveriesJob> logger)
{
    public const string Id = "plan-brief-deliveries";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task Run(CancellationToken cancellationToken)
    {
        foreach (var deliveryId in await deliveries.PlanAsync(cancellationToken))
        {
            jobs.Enqueue<DeliverBriefJob>(job => job.Run(deliveryId, CancellationToken.None));
            logger.LogDebug("Queued delivery {DeliveryId}", deliveryId);
        }
    }
}

/// <summary>
/// Sends one delivery. A send the platform deferred is scheduled again for the time the delivery names (its Retry-After,
/// else a backoff), not for the planner's next tick; Hangfire itself does not retry, and running it twice sends nothing twice.
/// </summary>
public sealed class DeliverBriefJob(BriefDeliveries deliveries, IBackgroundJobClient jobs, TimeProvider time)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task Run(long deliveryId, CancellationToken cancellationToken)
    {
        if (await deliveries.DeliverAsync(deliveryId, cancellationToken) is { } next)
            jobs.Schedule<DeliverBriefJob>(job => job.Run(deliveryId, CancellationToken.None), new DateTimeOffset(next, TimeSpan.Zero) - time.GetUtcNow());
    }
}

/// <summary>Every minute: matches newly stored stories against the followed topics, then queues a send for each person whose alerts are due.</summary>
public sealed class MatchTopicAlertsJob(TopicAlerts alerts, IBackgroundJobClient jobs)
{
    public const string Id = "match-topic-alerts";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task Run(CancellationToken cancellationToken)
    {
        await alerts.MatchNewStoriesAsync(cancellationToken);
        foreach (var userId in await alerts.DueUsersAsync(cancellationToken))
            jobs.Enqueue<SendTopicAlertsJob>(job => job.Run(userId, CancellationToken.None));
    }
}

/// <summary>Queues one person's waiting alerts (or digest) in the outbox, which sends them.</summary>
public sealed class SendTopicAlertsJob(TopicAlerts alerts)
{
    [AutomaticRetry(Attempts = 0)]
    public Task Run(long userId, CancellationToken cancellationToken) => alerts.SendAsync(userId, cancellationToken);
}
