using Briefly.Data;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Host.Commands;

/// <summary>What every command does with the database before its own work: migrate it or check it is this build's.</summary>
internal static class DatabaseReadiness
{
    /// <summary>
    /// Readies the database for a command. The commands that bring data in (<paramref name="migrate"/>: serve, ingest,
    /// feeds) apply pending SQLite and PostgreSQL migrations, so a fresh clone needs no set-up; the others only read,
    /// and refuse a schema that is behind rather than change it. An up-to-date database is never locked. SQL Server is
    /// migrated only by `migrate` or the script a DBA runs, so a host refuses to start on a schema that is behind.
    /// </summary>
    public static async Task PrepareAsync(IServiceProvider services, bool migrate, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var target = scope.ServiceProvider.GetRequiredService<DatabaseTarget>();
        var db = scope.ServiceProvider.GetRequiredService<BrieflyDbContext>();
        await RefuseAnotherBuildsAsync(db, target.Provider, cancellationToken);
        if (migrate && target.Provider != DatabaseProvider.SqlServer)
        {
            var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SchemaMigrator));
            await SchemaMigrator.ApplyAsync(db, logger, cancellationToken);
            return;
        }
        var pending = await SchemaMigrator.PendingAsync(db, cancellationToken);
        if (pending.Count == 0) return;
        var state = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any()
            ? $"is behind by {pending.Count} migration(s) ({string.Join(", ", pending)})"
            : "has no Briefly tables yet";
        throw new SchemaMismatchException(
            $"The {target.Provider} database {state}. " +
            "Run `dotnet run --project src/Briefly.Host -- migrate` (or start `serve`, which migrates SQLite and PostgreSQL)" +
            (target.Provider == DatabaseProvider.SqlServer ? ", or apply the script from `migrate --script`." : "."));
    }

    /// <summary>
    /// Refuses a database whose applied migrations this build does not have, before EF tries to create its tables again.
    /// </summary>
    public static async Task RefuseAnotherBuildsAsync(BrieflyDbContext db, DatabaseProvider provider, CancellationToken cancellationToken)
    {
        var unknown = await SchemaMigrator.UnknownAsync(db, cancellationToken);
        if (unknown.Count == 0) return;
        throw new SchemaMismatchException(
            $"The {provider} database holds migrations this build of Briefly does not have ({string.Join(", ", unknown)}): " +
            "it was made by a newer build, or by a development build from before the migrations were squashed into one. " +
            "Use a new database (for the default SQLite file, delete data/briefly.db and data/briefly.hangfire.db), or run the build that made it.");
    }
}

/// <summary>The database lacks migrations a command will not apply, or holds ones this build lacks: reported with what to do, exit code 1.</summary>
internal sealed class SchemaMismatchException(string message) : Exception(message);
