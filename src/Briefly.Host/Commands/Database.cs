using Briefly.Data;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Host.Commands;

internal static class Database
{
    /// <summary>
    /// SQLite and PostgreSQL are migrated at start (several hosts may start at once: EF takes a lock). SQL Server is
    /// migrated only by `migrate` or the script a DBA runs, so a host refuses to start on a schema that is behind.
    /// </summary>
    public static async Task PrepareAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var target = scope.ServiceProvider.GetRequiredService<DatabaseTarget>();
        var db = scope.ServiceProvider.GetRequiredService<BrieflyDbContext>();
        if (target.Provider != DatabaseProvider.SqlServer)
        {
            await db.Database.MigrateAsync(cancellationToken);
            return;
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
            throw new InvalidOperationException(
                $"The SQL Server database is behind by {pending.Count} migration(s) ({string.Join(", ", pending)}). " +
                "Run `dotnet run --project src/Briefly.Host -- migrate`, or apply the script from `migrate --script`.");
    }
}
