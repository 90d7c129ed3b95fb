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
/// Sends a batch of a fan-out's deliveries, many at once: a send mostly waits on the platform and on its pacing turn
/// (<see cref="Briefly.Core.Messaging.PlatformPacer"/>), so the worker count does not bound the rate.
/// </summary>
public sealed class DeliverBriefsJob(IServiceScopeFactory scopes, IBackgroundJobClient jobs, TimeProvider time, ILogger<DeliverBriefsJob> logger)
{
    [AutomaticRetry(Attempts = 0)]
    public Task Run(long[] deliveryIds, CancellationToken cancellationToken) =>
        DeliveryBatch.SendAsync(deliveryIds, scopes, jobs, time, logger, cancellationToken);
}

/// <summary>
/// Sends deliveries whose moment has come ahead of the fan-out's batches: sends the platform deferred, at the time it
/// named (its Retry-After, else a backoff), and an operator's "send now". Hangfire itself does not retry; running it
/// twice sends nothing twice.
/// </summary>
public sealed class DeliverBriefsNowJob(IServiceScopeFactory scopes, IBackgroundJobClient jobs, TimeProvider time, ILogger<DeliverBriefsNowJob> logger)
{
    // In the default queue a retry would wait behind every batch of the fan-out planned before it (the load run measured
    // retries coming 40 s late, up to 80 s, in a 2,000 + 2,000 fan-out).
    [Queue(BriefJobs.FirstQueue)]
    [AutomaticRetry(Attempts = 0)]
    public Task Run(long[] deliveryIds, CancellationToken cancellationToken) =>
        DeliveryBatch.SendAsync(deliveryIds, scopes, jobs, time, logger, cancellationToken);
}

/// <summary>
/// The sends of one delivery job, <see cref="InFlight"/> at a time. The sends the platform deferred are scheduled again
/// together: one <see cref="DeliverBriefsNowJob"/> for each second they are due in, gathered every quarter second, rather
/// than a job each. An outage defers every send of a fan-out again and again, and a job per send filled Hangfire's storage
/// with tens of thousands of them (the load run's 11-minute outage of 2,000 channels: 25,000).
/// </summary>
internal static class DeliveryBatch
{
    /// <summary>Sends in flight per job; the pacer, not this, holds them to the platforms' rates.</summary>
    public const int InFlight = 16;

    /// <summary>How long a delivery whose send failed outside the platform's answer (the database busy) waits to be tried again.</summary>
    public static readonly TimeSpan AfterError = TimeSpan.FromSeconds(10);

    /// <summary>How often the deferrals gathered so far are scheduled while the batch goes on.</summary>
    private static readonly TimeSpan GatherFor = TimeSpan.FromMilliseconds(250);

    public static async Task SendAsync(long[] deliveryIds, IServiceScopeFactory scopes, IBackgroundJobClient jobs, TimeProvider time, ILogger logger,
        CancellationToken cancellationToken)
    {
        var deferred = new List<(long Id, DateTime At)>();
        using var sent = new CancellationTokenSource();
        var scheduling = ScheduleWhileSendingAsync(deferred, jobs, time, sent.Token);
        try
        {
            await Parallel.ForEachAsync(deliveryIds, new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = cancellationToken }, async (id, ct) =>
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
                if (next is { } at)
                    lock (deferred) deferred.Add((id, at));
            });
        }
        finally
        {
            await sent.CancelAsync();
            try
            {
                await scheduling;
            }
            finally
            {
                // What was deferred since the last gathering (or since a gathering Hangfire's storage refused). Should it
                // refuse this too, each delivery keeps the claim its deferral left, and the planner's sweep queues it once
                // that runs out.
                Schedule(deferred, jobs);
            }
        }
    }

    private static async Task ScheduleWhileSendingAsync(List<(long Id, DateTime At)> deferred, IBackgroundJobClient jobs, TimeProvider time,
        CancellationToken sent)
    {
        try
        {
            while (true)
            {
                await Task.Delay(GatherFor, time, sent);
                Schedule(deferred, jobs);
            }
        }
        catch (OperationCanceledException)
        {
            // The sends are over; what is left is scheduled by the caller.
        }
    }

    internal static void Schedule(List<(long Id, DateTime At)> deferred, IBackgroundJobClient jobs)
    {
        (long Id, DateTime At)[] gathered;
        lock (deferred)
        {
            gathered = [.. deferred];
            deferred.Clear();
        }
        foreach (var due in gathered.GroupBy(d => WholeSecondAtOrAfter(d.At)))
        {
            var ids = due.Select(d => d.Id).ToArray();
            jobs.Schedule<DeliverBriefsNowJob>(job => job.Run(ids, CancellationToken.None), due.Key);
        }
    }

    /// <summary>The whole second at or after <paramref name="next"/>, when the claims the deferrals left have run out.</summary>
    /// <remarks>
    /// Hangfire keeps a schedule time in whole seconds, the fraction dropped, and enqueues the job once that second has
    /// begun: up to a second before <paramref name="next"/>, when the attempt would find the delivery's claim still held and
    /// send nothing, leaving it to the planner's sweep a minute later, behind the fan-out's batches (the load run's late
    /// retries). So the time is rounded up.
    /// </remarks>
    public static DateTimeOffset WholeSecondAtOrAfter(DateTime next)
    {
        var second = TimeSpan.TicksPerSecond;
        return new DateTimeOffset((next.Ticks + second - 1) / second * second, TimeSpan.Zero);
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
