using Briefly.Data;
using Briefly.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Briefly.Host.Tests.Faults;

/// <summary>
/// `migrate`, or an `ingest` that migrates first, killed (SIGKILL) at random points of a fresh database's migration: the
/// next command starts within the limit, finishes the migration (a lock the dead process left is recovered) and works.
/// </summary>
[Trait("Suite", "Faults")]
public class MigrationFaultTests(ITestOutputHelper output)
{
    private const int Kills = 8;

    /// <summary>EF Core says which migration it applies at Information; the kill's log then tells how far it got.</summary>
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Search:EmbeddingModel"] = "none",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Migrations"] = "Information",
    };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_migration_killed_anywhere_is_finished_by_the_next_command_within_ten_seconds(DatabaseProvider provider)
    {
        var run = new FaultRun(output, $"migration/{provider}");
        using var work = new TempFolder();
        var seed = work.File("seed.txt", File.ReadAllText(SharedFiles.Seed));
        var landed = new Dictionary<string, int>();
        await run.RunAsync(TimeSpan.FromMinutes(5), async () =>
        {
            for (var round = 0; run.Kills < Kills; round++)
            {
                await using var database = await TestDatabase.CreateAsync(provider, migrated: false);
                string[] command = round % 2 == 1 ? ["migrate"] : ["ingest", seed];
                // A third of the kills fall anywhere in the first seconds, a third just after EF Core goes for its lock, a
                // third just after it starts applying migrations.
                var (killed, exitCode, log) = (round % 3) switch
                {
                    0 => await run.KillAsync(database, work.Path, Settings, command, mark: null, run.Between(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(3))),
                    1 => await run.KillAsync(database, work.Path, Settings, command, "Acquiring an exclusive lock", run.Between(TimeSpan.Zero, TimeSpan.FromSeconds(0.3))),
                    _ => await run.KillAsync(database, work.Path, Settings, command, "Applying migration", run.Between(TimeSpan.Zero, TimeSpan.FromSeconds(0.3))),
                };
                if (!killed) Assert.True(exitCode == 0, log);
                var applied = await AppliedAsync(database);
                var point = !killed ? "not killed: it finished first"
                    : !log.Contains("Applying migration", StringComparison.Ordinal) ? "before migrating"
                    : applied == Migrations(database) ? "after migrating"
                    : "while migrating";
                landed[point] = landed.GetValueOrDefault(point) + 1;
                run.Log($"{command[0]} {point} ({applied}/{Migrations(database)} applied{(LockRowLeft(database) ? ", EF's lock row left" : "")})");

                // The next command migrates what is left and stores the seed, held up by nothing the kill left; its control
                // migrates a new database and stores the seed there.
                await using var untouched = await TestDatabase.CreateAsync(provider, migrated: false);
                var next = await run.WithinLimitAsync("the next ingest",
                    () => BrieflyProcess.RunAsync(database, work.Path, Settings, TimeSpan.FromMinutes(1), "ingest", seed),
                    () => BrieflyProcess.RunAsync(untouched, work.Path, Settings, TimeSpan.FromMinutes(1), "ingest", seed));
                Assert.True(next.ExitCode == 0, next.Output + next.Errors);
                Assert.Matches(@"Briefs: (1 created, 0 updated, 0 unchanged|0 created, 0 updated, 1 unchanged), 0 rejected\.", next.Output);
                Assert.Equal(Migrations(database), await AppliedAsync(database));
                Assert.False(LockRowLeft(database), "EF's migration lock row is still there after a migration finished");
                await using var db = database.CreateContext();
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                var brief = await db.Briefs.Include(b => b.Stories).ThenInclude(s => s.Citations).SingleAsync();
                Assert.Equal(5, brief.Stories.Count);
                Assert.All(brief.Stories, s => Assert.NotEmpty(s.Citations));
            }
            run.Log("kills landed: " + string.Join(", ", landed.Select(p => $"{p.Value} {p.Key}")));
        });
    }

    private static int Migrations(TestDatabase database)
    {
        using var db = database.CreateContext();
        return db.Database.GetMigrations().Count();
    }

    private static async Task<int> AppliedAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return (await db.Database.GetAppliedMigrationsAsync()).Count();
    }

    /// <summary>On SQLite, EF Core's migration lock is a row that outlives its process; elsewhere it goes with the connection.</summary>
    private static bool LockRowLeft(TestDatabase database)
    {
        if (database.Provider != DatabaseProvider.Sqlite) return false;
        using var connection = new SqliteConnection(database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'";
        if ((long)command.ExecuteScalar()! == 0) return false;
        command.CommandText = "SELECT COUNT(*) FROM \"__EFMigrationsLock\"";
        return (long)command.ExecuteScalar()! > 0;
    }
}
