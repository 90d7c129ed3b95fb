using Briefly.Data;
using Briefly.Testing;
using Microsoft.Data.Sqlite;

namespace Briefly.Host.Tests;

/// <summary>
/// Who migrates, and that a migration killed halfway never leaves a lock every later start waits on. The kill is
/// reproduced by what it leaves: EF Core's lock row on SQLite with nobody holding it.
/// </summary>
public class SchemaMigrationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_lock_left_by_a_killed_migration_is_removed_with_a_warning_and_the_command_goes_on()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrated: false);
        using var work = new TempFolder();
        LeaveStaleLock(database, "2026-12-01 09:00:00.0000000+00:00");

        var ingest = await BrieflyProcess.RunAsync(database, work.Path, [], Patience, "ingest", SharedFiles.Seed);

        Assert.True(ingest.ExitCode == 0, ingest.Errors);
        Assert.Contains("Briefs: 1 created", ingest.Output);
        Assert.Contains("Removed a stale migration lock", ingest.Errors);
        Assert.Contains("2026-12-01 09:00:00", ingest.Errors);
        Assert.Equal(0, LockRows(database));

        // Nothing is pending now, so the next command neither locks nor warns.
        var briefs = await BrieflyProcess.RunAsync(database, work.Path, [], Patience, "briefs");
        Assert.True(briefs.ExitCode == 0, briefs.Errors);
        Assert.DoesNotContain("stale", briefs.Errors);
    }

    [Fact]
    public async Task A_command_that_only_reads_never_takes_the_lock_on_an_up_to_date_database_and_one_that_migrates_clears_it()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        // A row nobody will remove: a command that took the lock would wait on it until killed.
        LeaveStaleLock(database, "2026-12-01 09:00:00.0000000+00:00");

        var briefs = await BrieflyProcess.RunAsync(database, work.Path, [], Patience, "briefs");
        var ask = await BrieflyProcess.RunAsync(database, work.Path, [], Patience, "ask", "latest on Huawei chips");

        Assert.True(briefs.ExitCode == 0, briefs.Errors);
        Assert.True(ask.ExitCode == 0, ask.Errors);
        Assert.Equal(1, LockRows(database));

        // A command that migrates clears it, though nothing is pending (a migration killed after its last step).
        var migrate = await BrieflyProcess.RunAsync(database, work.Path, [], Patience, "migrate");
        Assert.True(migrate.ExitCode == 0, migrate.Errors);
        Assert.Contains("The database is up to date.", migrate.Output);
        Assert.Contains("Removed a stale migration lock", migrate.Errors);
        Assert.Equal(0, LockRows(database));
    }

    [Fact]
    public async Task A_command_that_only_reads_refuses_a_database_with_no_schema_and_says_what_to_run()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrated: false);
        using var work = new TempFolder();

        var briefs = await BrieflyProcess.RunAsync(database, work.Path, [], Patience, "briefs");

        Assert.Equal(1, briefs.ExitCode);
        Assert.Contains("The Sqlite database has no Briefly tables yet.", briefs.Errors);
        Assert.Contains("-- migrate", briefs.Errors);
        Assert.DoesNotContain("   at ", briefs.Errors);

        var migrate = await BrieflyProcess.RunAsync(database, work.Path, [], Patience, "migrate");
        Assert.True(migrate.ExitCode == 0, migrate.Errors);
        Assert.Contains("Applied ", migrate.Output);
        var again = await BrieflyProcess.RunAsync(database, work.Path, [], Patience, "migrate");
        Assert.Contains("The database is up to date.", again.Output);
    }

    [Fact]
    public async Task A_migration_under_way_in_a_live_process_is_waited_for_not_broken()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrated: false);
        using var work = new TempFolder();
        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;

        // This test process plays the live migrator: it holds the migration file lock and EF's lock row.
        var held = new FileStream(file + ".migrating", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        LeaveStaleLock(database, "2026-12-05 12:00:00.0000000+00:00");
        var migrate = BrieflyProcess.RunAsync(database, work.Path, [], Patience, "migrate");
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.False(migrate.IsCompleted);
        Assert.Equal(1, LockRows(database));

        // The live migrator ends (here without releasing EF's row, as a kill would leave it): the waiting one takes over.
        await held.DisposeAsync();
        var result = await migrate;
        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains("waiting for it", result.Errors);
        Assert.Contains("Removed a stale migration lock", result.Errors);
        Assert.Contains("Applied ", result.Output);
    }

    [Fact]
    public async Task A_database_made_by_another_build_is_refused_with_what_to_do_and_left_as_it_was()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        // A migration this build does not have: what a newer build, or one from before the squash, recorded.
        Execute(database, """INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ('20261204175538_InboxAndOutbox', '10.0.15')""");

        var migrate = await BrieflyProcess.RunAsync(database, work.Path, [], Patience, "migrate");
        var ingest = await BrieflyProcess.RunAsync(database, work.Path, [], Patience, "ingest", SharedFiles.Seed);
        var briefs = await BrieflyProcess.RunAsync(database, work.Path, [], Patience, "briefs");

        foreach (var run in new[] { migrate, ingest, briefs })
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("holds migrations this build of Briefly does not have (20261204175538_InboxAndOutbox)", run.Errors);
            Assert.Contains("Use a new database", run.Errors);
            Assert.DoesNotContain("   at ", run.Errors);
        }
        await using var db = database.CreateContext();
        Assert.Empty(db.Briefs);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Two_hosts_starting_at_once_on_a_fresh_PostgreSQL_database_both_serve_on_one_Hangfire_schema(bool migrated)
    {
        // Each round a fresh database: the two starts race to create Hangfire's schema (and, unmigrated, to migrate first).
        for (var round = 0; round < 3; round++)
        {
            await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, migrated);
            using var work = new TempFolder();
            var settings = new Dictionary<string, string?> { ["Search:EmbeddingModel"] = "none" };

            var starts = new[] { 0, 1 }.Select(_ => Task.Run(() => BrieflyProcess.ServeAsync(database, work.Path, new(settings)))).ToArray();
            try
            {
                await Task.WhenAll(starts);
            }
            catch
            {
                foreach (var start in starts.Where(s => s.IsCompletedSuccessfully)) await (await start).DisposeAsync();
                throw;
            }
            await using var first = await starts[0];
            await using var second = await starts[1];

            var failures = first.LinesAt("fail", "crit").Concat(second.LinesAt("fail", "crit")).ToList();
            Assert.True(failures.Count == 0, $"round {round}:\n{string.Join('\n', failures)}\n{first.Log}\n{second.Log}");
            Assert.Equal(23, HangfireSchemaVersion(database));
        }
    }

    private static long HangfireSchemaVersion(TestDatabase database)
    {
        using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand("""SELECT max("version") FROM hangfire."schema" """, connection);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(TestDatabase database, string sql)
    {
        using var connection = new SqliteConnection(database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>What a migration killed after taking EF Core's lock leaves: the lock table with its one row.</summary>
    private static void LeaveStaleLock(TestDatabase database, string takenAt)
    {
        using var connection = new SqliteConnection(database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
            INSERT INTO "__EFMigrationsLock" ("Id", "Timestamp") VALUES (1, $takenAt);
            """;
        command.Parameters.AddWithValue("$takenAt", takenAt);
        command.ExecuteNonQuery();
    }

    private static long LockRows(TestDatabase database)
    {
        using var connection = new SqliteConnection(database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM \"__EFMigrationsLock\"";
        return (long)command.ExecuteScalar()!;
    }
}
