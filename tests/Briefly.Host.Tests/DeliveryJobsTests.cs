using Briefly.Host.Jobs;
using Hangfire;
using Hangfire.Storage.SQLite;

namespace Briefly.Host.Tests;

/// <summary>The delivery jobs as Hangfire stores them, on its real SQLite storage.</summary>
public class DeliveryJobsTests
{
    [Fact]
    public void A_deferred_sends_retry_is_not_due_before_its_time_though_Hangfire_keeps_schedule_times_in_whole_seconds()
    {
        using var work = new TempFolder();
        var storage = new SQLiteStorage(Path.Combine(work.Path, "hangfire.db"), new SQLiteStorageOptions());
        var jobs = new BackgroundJobClient(storage);
        // The claim a deferral left runs out nine tenths into a second, ten minutes from now.
        var soon = DateTime.UtcNow.AddMinutes(10);
        var next = new DateTime(soon.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc).AddSeconds(0.9);

        DeliverBriefJob.ScheduleAt(jobs, 42, next, TimeProvider.System);

        // Hangfire's scheduler enqueues the jobs whose stored time is at most the current whole second: all through the
        // second in which the claim runs out, before it does, the retry must not be among them.
        var second = new DateTimeOffset(next).ToUnixTimeSeconds();
        using var connection = storage.GetConnection();
        Assert.Null(connection.GetFirstByLowestScoreFromSet("schedule", 0, second));
        Assert.NotNull(connection.GetFirstByLowestScoreFromSet("schedule", 0, second + 1));
    }
}
