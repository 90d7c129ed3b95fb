using Briefly.Data;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.SqlServer;
using Hangfire.States;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using Npgsql;
using SQLite;

namespace Briefly.Host.Jobs;

/// <summary>Hangfire on the same database as the briefs, so several hosts share one queue and one schedule.</summary>
internal static class BriefJobs
{
    /// <summary>Hangfire's default poll is 15 s on SQLite; a queued job should start within about a second.</summary>
    private static readonly TimeSpan QueuePollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The queue of short jobs that must not wait behind a fan-out's send batches (a deferred send's retry, the planner).
    /// Workers take it before "default" on every storage: it is listed first (SQLite takes queues in list order) and sorts
    /// first (PostgreSQL and SQL Server take them in name order, https://docs.hangfire.io/en/latest/background-processing/configuring-queues.html).
    /// </summary>
    public const string FirstQueue = "critical";

    /// <summary>Its jobs are short (one delivery, one planning pass): two workers of its own keep them from waiting on batches.</summary>
    private const int FirstQueueWorkers = 2;

    /// <summary>How old a Hangfire lock row on PostgreSQL must be to be taken as left by a dead host.</summary>
    private static readonly TimeSpan StaleLockAfter = TimeSpan.FromSeconds(30);

    public static WebApplicationBuilder AddBriefJobs(this WebApplicationBuilder builder, bool runServer)
    {
        // Commands (ingest, briefs, …) run no jobs and must not start workers that outlive them.
        if (!runServer) return builder;

        var provider = BrieflyDataExtensions.ReadProvider(builder.Configuration);
        var connectionString = BrieflyDataExtensions.ConnectionString(builder.Configuration, provider);
        builder.Services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseFilter(new JobTracingFilter())
                .UseRecommendedSerializerSettings();
            switch (provider)
            {
                case DatabaseProvider.Sqlite:
                    config.UseStorage(SqliteStorage(HangfireSqliteFile(connectionString)));
                    break;
                case DatabaseProvider.Postgres:
                    InstallPostgresSchema(connectionString);
                    // A host killed while a job holds a Hangfire lock (the planner's DisableConcurrentExecution) leaves the lock's
                    // row, which Hangfire.PostgreSql treats as stale only after DistributedLockTimeout: by default 10 minutes in
                    // which no host plans a delivery (the fault suite found it). The jobs hold their locks for seconds and plan
                    // safely side by side, so a lock this old is a dead host's, and the next planner (which waits 60 s) takes it.
                    config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString),
                        new PostgreSqlStorageOptions
                        {
                            QueuePollInterval = QueuePollInterval, PrepareSchemaIfNecessary = false, DistributedLockTimeout = StaleLockAfter,
                        });
                    break;
                case DatabaseProvider.SqlServer:
                    config.UseSqlServerStorage(connectionString, new SqlServerStorageOptions { QueuePollInterval = QueuePollInterval });
                    break;
            }
        });
        builder.Services.AddHangfireServer(o =>
        {
            o.WorkerCount = Math.Max(2, Environment.ProcessorCount * 2);
            o.Queues = [FirstQueue, EnqueuedState.DefaultQueue];
            // A send deferred by a Retry-After of a second or two is scheduled; the default 15 s poll would overshoot it.
            o.SchedulePollingInterval = QueuePollInterval;
        });
        // Workers of the first queue alone: a batch holds its worker for as long as its sends take at the platform's pace,
        // so with every worker on a batch a retry would still wait for one to finish (the load run: up to 50 s).
        builder.Services.AddHangfireServer(o =>
        {
            o.WorkerCount = FirstQueueWorkers;
            o.Queues = [FirstQueue];
            o.SchedulePollingInterval = QueuePollInterval;
        });
        builder.Services.AddScoped<PollDueFeedsJob>();
        builder.Services.AddScoped<PollFeedJob>();
        builder.Services.AddScoped<PlanBriefDeliveriesJob>();
        builder.Services.AddScoped<DeliverBriefsJob>();
        builder.Services.AddScoped<DeliverBriefsNowJob>();
        builder.Services.AddScoped<ReportFanOutJob>();
        builder.Services.AddScoped<MatchTopicAlertsJob>();
        builder.Services.AddScoped<SendTopicAlertsJob>();
        builder.Services.AddHostedService<RecurringJobsRegistration>();
        builder.AddJobsDashboard();
        return builder;
    }

    /// <summary>
    /// Creates or upgrades Hangfire's schema on PostgreSQL with one host at a time. Hangfire.PostgreSql's own install checks
    /// for the schema and its tables, then creates them: two fresh hosts starting at once both find none, and the second
    /// fails on the first's (23505 on pg_namespace_nspname_index), leaving that host without job storage. Under a session
    /// advisory lock (released by PostgreSQL if the holder dies) the second host waits, then finds every version applied.
    /// </summary>
    private static void InstallPostgresSchema(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            take.Parameters.AddWithValue("key", HangfireSchemaLock);
            take.ExecuteNonQuery();
        }
        PostgreSqlObjectsInstaller.Install(connection);
        // Closing the connection would release the lock too; a pooled connection is only reset, so it is released here.
        using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
        release.Parameters.AddWithValue("key", HangfireSchemaLock);
        release.ExecuteNonQuery();
    }

    /// <summary>The advisory lock key serialising Hangfire's schema install: any constant of this app's own ("BRFLYHF1").</summary>
    private const long HangfireSchemaLock = 0x4252464C59484631;

    /// <summary>
    /// Hangfire's storage on SQLite, its connections opened in SQLite's serialized mode. Hangfire.Storage.SQLite opens them
    /// with NoMutex (one thread at a time), yet a distributed lock's heartbeat, on a timer thread, writes through the same
    /// connection as the job that holds the lock, and after the lock's release through a connection already back in the
    /// pool. Two threads in one connection at once corrupted the file ("file is not a database") and crashed the host in
    /// the load run's 11-minute outage; FullMutex makes the second wait for the first.
    /// </summary>
    public static SQLiteStorage SqliteStorage(string file, SQLiteStorageOptions? options = null)
    {
        options ??= new SQLiteStorageOptions { QueuePollInterval = QueuePollInterval };
        return new SQLiteStorage(new SQLiteDbConnectionFactory(() => new SQLiteConnection(file,
            SQLiteOpenFlags.ReadWrite | SQLiteOpenFlags.Create | SQLiteOpenFlags.FullMutex, storeDateTimeAsTicks: true)
        {
            BusyTimeout = SqliteBusyTimeout,
        }), options);
    }

    /// <summary>As long as Hangfire.Storage.SQLite's own connections wait for another's write.</summary>
    private static readonly TimeSpan SqliteBusyTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Hangfire keeps its own SQLite file beside the briefs' one: data/briefly.db → data/briefly.hangfire.db.</summary>
    private static string HangfireSqliteFile(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var path = Path.GetFullPath(dataSource);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return Path.ChangeExtension(path, ".hangfire.db");
    }

    /// <summary>Recurring jobs have stable ids; AddOrUpdate from every host is idempotent.</summary>
    private sealed class RecurringJobsRegistration(IRecurringJobManager recurringJobs) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            recurringJobs.AddOrUpdate<PollDueFeedsJob>(PollDueFeedsJob.Id, job => job.Run(CancellationToken.None), Cron.Minutely(),
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            recurringJobs.AddOrUpdate<PlanBriefDeliveriesJob>(PlanBriefDeliveriesJob.Id, job => job.Run(CancellationToken.None), Cron.Minutely(),
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            recurringJobs.AddOrUpdate<MatchTopicAlertsJob>(MatchTopicAlertsJob.Id, job => job.Run(CancellationToken.None), Cron.Minutely(),
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            // Catch up at once after a start instead of waiting for the next minute.
            recurringJobs.Trigger(PollDueFeedsJob.Id);
            recurringJobs.Trigger(PlanBriefDeliveriesJob.Id);
            recurringJobs.Trigger(MatchTopicAlertsJob.Id);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
