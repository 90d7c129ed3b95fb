using Briefly.Data;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Host.Commands;

internal static class Database
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
        throw new SchemaBehindException(
            $"The {target.Provider} database {state}. " +
            "Run `dotnet run --project src/Briefly.Host -- migrate` (or start `serve`, which migrates SQLite and PostgreSQL)" +
            (target.Provider == DatabaseProvider.SqlServer ? ", or apply the script from `migrate --script`." : "."));
    }
}

/// <summary>The database lacks migrations a command will not apply: reported with what to run, exit code 1.</summary>
internal sealed class SchemaBehindException(string message) : Exception(message);
