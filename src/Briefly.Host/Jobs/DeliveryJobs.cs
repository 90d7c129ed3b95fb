using Briefly.Core.Deliveries;
using Hangfire;

namespace Briefly.Host.Jobs;

/// <summary>
/// Every minute: records the daily briefs that have come due in each channel's time zone and queues their sends, a batch
/// per job, so a fan-out to thousands of channels is a few hundred queue writes rather than one per channel.
/// </summary>
public sealed class PlanBriefDeliveriesJob(BriefPlanner planner, IBackgroundJobClient jobs)
{
    public const string Id = "plan-brief-deliveries";

    /// <summary>Deliveries per send job: big enough to keep the queue small, small enough to spread over hosts and workers.</summary>
    public const int BatchSize = 50;

    // Each minute's channels are planned on time even while an earlier minute's batches fill the queue.
    [Queue(BriefJobs.FirstQueue)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task Run(CancellationToken cancellationToken)
    {
        foreach (var batch in (await planner.PlanAsync(BatchSize, cancellationToken)).Chunk(BatchSize))
            jobs.Enqueue<DeliverBriefsJob>(job => job.Run(batch, CancellationToken.None));
        foreach (var fanOut in planner.NewFanOuts)
            jobs.Schedule<ReportFanOutJob>(job => job.Run(fanOut.BriefId, fanOut.DueAt, CancellationToken.None), ReportFanOutJob.LookEvery);
    }
}

/// <summary>Logs one line for a fan-out once every delivery in it is settled, looking again every few seconds until then.</summary>
public sealed class ReportFanOutJob(BriefPlanner planner, IBackgroundJobClient jobs)
{
    /// <summary>Most fan-outs are done within seconds or minutes of their time; a look is one small query.</summary>
    public static readonly TimeSpan LookEvery = TimeSpan.FromSeconds(15);

    [Queue(BriefJobs.FirstQueue)]
    [AutomaticRetry(Attempts = 3)]
    public async Task Run(long briefId, DateTime dueAt, CancellationToken cancellationToken)
    {
        if (!await planner.ReportAsync(new FanOut(briefId, dueAt), cancellationToken))
            jobs.Schedule<ReportFanOutJob>(job => job.Run(briefId, dueAt, CancellationToken.None), LookEvery);
    }
}

/// <summary>
/// Sends a batch of deliveries, many at once: a send mostly waits on the platform and on its pacing turn
/// (<see cref="Briefly.Core.Messaging.PlatformPacer"/>), so the worker count does not bound the rate. One the platform
/// deferred is scheduled again on its own for the time it names.
/// </summary>
public sealed class DeliverBriefsJob(IServiceScopeFactory scopes, IBackgroundJobClient jobs, TimeProvider time, ILogger<DeliverBriefsJob> logger)
{
    /// <summary>Sends in flight per job; the pacer, not this, holds them to the platforms' rates.</summary>
    public const int InFlight = 16;

    /// <summary>How long a delivery whose send failed outside the platform's answer (the database busy) waits to be tried again.</summary>
    public static readonly TimeSpan AfterError = TimeSpan.FromSeconds(10);

    [AutomaticRetry(Attempts = 0)]
    public Task Run(long[] deliveryIds, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(deliveryIds, new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            DateTime? next;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                next = await scope.ServiceProvider.GetRequiredService<BriefSender>().DeliverAsync(id, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // One delivery's failure must not stop the batch's others mid-send. This one is tried again on its own;
                // a claim it holds keeps other hosts off it until then, and a post it made is found, not repeated.
                next = time.GetUtcNow().UtcDateTime + AfterError;
                HostLog.DeliverySendFailed(logger, e, id, next.Value);
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<BriefSender>().ReleaseAsync(id, next.Value, CancellationToken.None);
            }
            if (next is { } at) DeliverBriefJob.ScheduleAt(jobs, id, at, time);
        });
}

/// <summary>
/// Sends one delivery. A send the platform deferred is scheduled again for the time the delivery names (its Retry-After,
/// else a backoff), not for the planner's next tick; Hangfire itself does not retry, and running it twice sends nothing twice.
/// </summary>
public sealed class DeliverBriefJob(BriefSender sender, IBackgroundJobClient jobs, TimeProvider time)
{
    // Its time is the platform's Retry-After: in the default queue it would wait behind every batch of the fan-out
    // planned before it (the load run measured retries coming 40 s late, up to 80 s, in a 2,000 + 2,000 fan-out).
    [Queue(BriefJobs.FirstQueue)]
    [AutomaticRetry(Attempts = 0)]
    public async Task Run(long deliveryId, CancellationToken cancellationToken)
    {
        if (await sender.DeliverAsync(deliveryId, cancellationToken) is { } next) ScheduleAt(jobs, deliveryId, next, time);
    }

    /// <summary>Schedules the delivery's next attempt for <paramref name="next"/>, when the claim its deferral left runs out.</summary>
    /// <remarks>
    /// Hangfire keeps a schedule time in whole seconds, the fraction dropped, and enqueues the job once that second has
    /// begun: up to a second before <paramref name="next"/>, when the attempt would find the delivery's claim still held and
    /// send nothing, leaving it to the planner's sweep a minute later, behind the fan-out's batches (the load run's late
    /// retries). So the time is rounded up to the next whole second.
    /// </remarks>
    public static void ScheduleAt(IBackgroundJobClient jobs, long deliveryId, DateTime next, TimeProvider time)
    {
        var second = TimeSpan.TicksPerSecond;
        var at = new DateTimeOffset((next.Ticks + second - 1) / second * second, TimeSpan.Zero);
        jobs.Schedule<DeliverBriefJob>(job => job.Run(deliveryId, CancellationToken.None), at - time.GetUtcNow());
    }
}

/// <summary>Every minute: matches newly stored stories against the followed topics, then queues a send for each person whose alerts are due.</summary>
public sealed class MatchTopicAlertsJob(TopicAlertPlanner alerts, IBackgroundJobClient jobs)
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
public sealed class SendTopicAlertsJob(TopicAlertSender alerts)
{
    [AutomaticRetry(Attempts = 0)]
    public Task Run(long userId, CancellationToken cancellationToken) => alerts.SendAsync(userId, cancellationToken);
}
