using Briefly.Host.Jobs;
using Hangfire;
using Hangfire.Storage.SQLite;

namespace Briefly.Host.Tests;

/// <summary>The delivery jobs as Hangfire stores them, on its real SQLite storage.</summary>
public class DeliveryJobsTests
{
    [Fact]
    public void Deferred_sends_are_retried_in_one_job_per_second_and_never_due_before_their_time_though_Hangfire_keeps_whole_seconds()
    {
        using var work = new TempFolder();
        using var storage = BriefJobs.SqliteStorage(Path.Combine(work.Path, "hangfire.db"), new SQLiteStorageOptions());
        var jobs = new BackgroundJobClient(storage);
        // Ten minutes from now: two claims run out in the same second (a tenth and nine tenths into it), one five seconds later.
        var soon = DateTime.UtcNow.AddMinutes(10);
        var second = new DateTime(soon.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        List<(long Id, DateTime At)> deferred = [(41, second.AddSeconds(0.1)), (42, second.AddSeconds(0.9)), (43, second.AddSeconds(5.5))];

        DeliveryBatch.Schedule(deferred, jobs);

        Assert.Empty(deferred);
        var scheduled = storage.GetMonitoringApi().ScheduledJobs(0, 10).Select(j => j.Value).ToList();
        Assert.Equal(2, scheduled.Count);
        Assert.All(scheduled, j => Assert.Equal(nameof(DeliverBriefsNowJob), j.Job.Type.Name));
        var byTime = scheduled.OrderBy(j => j.EnqueueAt).ToList();
        Assert.Equal([41L, 42L], (long[])byTime[0].Job.Args[0]);
        Assert.Equal([43L], (long[])byTime[1].Job.Args[0]);
        // Hangfire's scheduler enqueues the jobs whose stored time is at most the current whole second: all through the
        // second in which the claims run out, before they do, no retry may be among them.
        var first = new DateTimeOffset(second).ToUnixTimeSeconds();
        using var connection = storage.GetConnection();
        Assert.Null(connection.GetFirstByLowestScoreFromSet("schedule", 0, first));
        Assert.NotNull(connection.GetFirstByLowestScoreFromSet("schedule", 0, first + 1));
        Assert.Equal(second.AddSeconds(1), byTime[0].EnqueueAt);
        Assert.Equal(second.AddSeconds(6), byTime[1].EnqueueAt);
    }
}
