using Briefly.Host.Jobs;
using Hangfire.Common;
using Hangfire.Storage.SQLite;

namespace Briefly.Host.Tests;

/// <summary>Hangfire's SQLite storage as the host builds it, on a real file.</summary>
public class JobStorageTests
{
    [Fact]
    public void A_distributed_locks_heartbeat_writing_beside_its_holder_leaves_the_file_whole()
    {
        using var work = new TempFolder();
        // A heartbeat every 10 ms (a fifth of the lifetime) writes through the holder's connection while the holder writes.
        // On Hangfire.Storage.SQLite's own NoMutex connections this corrupted the file or crashed the process within a few
        // rounds, as a long planner run did in the load run's outage; on the host's it must be only slower.
        using var storage = BriefJobs.SqliteStorage(Path.Combine(work.Path, "hangfire.db"),
            new SQLiteStorageOptions { DistributedLockLifetime = TimeSpan.FromMilliseconds(50) });
        var job = Job.FromExpression(() => Console.WriteLine("brief"));
        var created = new List<string>();

        for (var round = 0; round < 60; round++)
        {
            using var connection = storage.GetConnection();
            using var held = connection.AcquireDistributedLock("plan", TimeSpan.FromSeconds(5));
            for (var i = 0; i < 40; i++)
            {
                var id = connection.CreateExpiredJob(job, new Dictionary<string, string?>(), DateTime.UtcNow, TimeSpan.FromHours(1));
                connection.SetJobParameter(id, "delivery", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                created.Add(id);
            }
        }

        using var check = storage.CreateAndOpenConnection();
        Assert.Equal("ok", check.Database.ExecuteScalar<string>("PRAGMA integrity_check"));
        using var read = storage.GetConnection();
        Assert.All(created, id => Assert.NotNull(read.GetJobData(id)));
        Assert.Equal(created.Count, created.Distinct().Count());
    }
}
