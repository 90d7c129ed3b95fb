using Briefly.Core.Deliveries;
using Hangfire;

namespace Briefly.Host.Jobs;

/// <summary>
/// Every minute: records the daily briefs that have come due in each channel's time zone and queues their sends, a batch
/// per job, so a fan-out to thousands of channels is a few hundred queue writes rather than one per channel.
/// </summary>
public sealed class PlanBriefDeliveriesJob(BriefDeliveries deliveries, IBackgroundJobClient jobs)
{
    public const string Id = "plan-brief-deliveries";

    /// <summary>Deliveries per send job: big enough to keep the queue small, small enough to spread over hosts and workers.</summary>
    public const int BatchSize = 50;

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task Run(CancellationToken cancellationToken)
    {
        foreach (var batch in (await deliveries.PlanAsync(cancellationToken)).Chunk(BatchSize))
            jobs.Enqueue<DeliverBriefsJob>(job => job.Run(batch, CancellationToken.None));
        foreach (var fanOut in deliveries.NewFanOuts)
            jobs.Schedule<ReportFanOutJob>(job => job.Run(fanOut.BriefId, fanOut.DueAt, CancellationToken.None), ReportFanOutJob.FirstLook);
    }
}

/// <summary>Logs one line for a fan-out once every delivery in it is settled, looking again until then.</summary>
public sealed class ReportFanOutJob(BriefDeliveries deliveries, IBackgroundJobClient jobs)
{
    /// <summary>Most fan-outs are done within seconds of their time; the first look is soon after.</summary>
    public static readonly TimeSpan FirstLook = TimeSpan.FromSeconds(15);

    public static readonly TimeSpan NextLook = TimeSpan.FromMinutes(1);

    [AutomaticRetry(Attempts = 3)]
    public async Task Run(long briefId, DateTime dueAt, CancellationToken cancellationToken)
    {
        if (!await deliveries.ReportAsync(new FanOut(briefId, dueAt), cancellationToken))
            jobs.Schedule<ReportFanOutJob>(job => job.Run(briefId, dueAt, CancellationToken.None), NextLook);
    }
}

/// <summary>
/// Sends a batch of deliveries, many at once: a send mostly waits on the platform and on its pacing turn
/// (<see cref="Briefly.Core.Messaging.PlatformPacer"/>), so the worker count does not bound the rate. One the platform
/// deferred is scheduled again on its own for the time it names.
/// </summary>
public sealed class DeliverBriefsJob(IServiceScopeFactory scopes, IBackgroundJobClient jobs, TimeProvider time)
{
    /// <summary>Sends in flight per job; the pacer, not this, holds them to the platforms' rates.</summary>
    public const int InFlight = 16;

    [AutomaticRetry(Attempts = 0)]
    public Task Run(long[] deliveryIds, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(deliveryIds, new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<BriefDeliveries>().DeliverAsync(id, ct) is { } next)
                DeliverBriefJob.ScheduleAt(jobs, id, next, time);
        });
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
        if (await deliveries.DeliverAsync(deliveryId, cancellationToken) is { } next) ScheduleAt(jobs, deliveryId, next, time);
    }

    public static void ScheduleAt(IBackgroundJobClient jobs, long deliveryId, DateTime next, TimeProvider time) =>
        jobs.Schedule<DeliverBriefJob>(job => job.Run(deliveryId, CancellationToken.None), new DateTimeOffset(next, TimeSpan.Zero) - time.GetUtcNow());
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
