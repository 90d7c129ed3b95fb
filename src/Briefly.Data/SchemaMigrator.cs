using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Briefly.Data;

/// <summary>
/// Brings the schema up to date without ever waiting on a lock nobody holds. Pending migrations are read first, so an
/// up-to-date database is never locked. On PostgreSQL and SQL Server EF's lock belongs to the connection and goes with
/// it. On SQLite EF's lock is a row in <c>__EFMigrationsLock</c> that stays when a process is killed mid-migration, and
/// every later migration would wait for it forever; so each Briefly process first takes an operating-system lock on a
/// file beside the database, which the system releases when the process ends however it ends. Whoever holds that file
/// lock is the only process migrating, so a lock row it finds is stale and is removed, with a warning that says so.
/// </summary>
public static class SchemaMigrator
{
    /// <summary>The table EF Core keeps its migration lock in on SQLite.</summary>
    internal const string SqliteLockTable = "__EFMigrationsLock";

    /// <summary>The migrations the database lacks, read without taking any lock.</summary>
    public static async Task<IReadOnlyList<string>> PendingAsync(BrieflyDbContext db, CancellationToken cancellationToken) =>
        [.. await db.Database.GetPendingMigrationsAsync(cancellationToken)];

    /// <summary>
    /// Migrations the database records as applied that this build does not have: a database made by another build, which
    /// EF would otherwise try to create again over its tables.
    /// </summary>
    public static async Task<IReadOnlyList<string>> UnknownAsync(BrieflyDbContext db, CancellationToken cancellationToken)
    {
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        return [.. (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Where(id => !known.Contains(id))];
    }

    /// <summary>Applies the pending migrations, if any, and returns their names.</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(BrieflyDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        var pending = await PendingAsync(db, cancellationToken);
        if (db is PostgresBrieflyDbContext && pending.Count > 0 && await db.Database.CanConnectAsync(cancellationToken))
            return await ApplyUnderAdvisoryLockAsync(db, cancellationToken);
        if (SqliteFile(db) is not { } file)
        {
            if (pending.Count > 0) await db.Database.MigrateAsync(cancellationToken);
            return pending;
        }
        // A process killed after the last step of its migration leaves EF's lock row and nothing pending: it is
        // cleared now, so the next migration does not find it.
        if (pending.Count > 0 || await HasLockRowAsync(db, cancellationToken))
        {
            await using var migrating = await HoldAsync(file + ".migrating", logger, cancellationToken);
            await RemoveStaleLockAsync(db, file, logger, cancellationToken);
            // Another process may have migrated while this one waited for the file.
            pending = await PendingAsync(db, cancellationToken);
            if (pending.Count > 0) await db.Database.MigrateAsync(cancellationToken);
        }
        await UseWriteAheadLogAsync(db, cancellationToken);
        return pending;
    }

    /// <summary>
    /// PostgreSQL: hosts starting at once migrate one at a time under a session advisory lock. EF Core's own lock there
    /// lasts one migration's transaction, so with several pending a second host could start on the next migration while
    /// the first was still applying it ("relation already exists"). Whoever waited finds nothing left to do.
    /// </summary>
    private static async Task<IReadOnlyList<string>> ApplyUnderAdvisoryLockAsync(BrieflyDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
            try
            {
                var pending = await PendingAsync(db, cancellationToken);
                if (pending.Count > 0) await db.Database.MigrateAsync(cancellationToken);
                return pending;
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The advisory lock key of Briefly's migrations (any number no other lock of the database uses).</summary>
    private const long MigrationLockKey = 0x4272_6965_666C_7901;

    /// <summary>
    /// Puts the SQLite file in write-ahead-log mode (kept in the file, so done once): readers no longer block the writer,
    /// which a host sending to thousands of channels at once needs (in the default mode its writes met "database is locked").
    /// </summary>
    private static async Task UseWriteAheadLogAsync(BrieflyDbContext db, CancellationToken cancellationToken)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            if (await command.ExecuteScalarAsync(cancellationToken) is "wal") return;
            command.CommandText = "PRAGMA journal_mode = WAL";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            // Busy or locked: another process has the file open in a transaction. The next start switches it.
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The SQLite database file, or null for another provider or an in-memory database.</summary>
    private static string? SqliteFile(BrieflyDbContext db)
    {
        if (db is not SqliteBrieflyDbContext) return null;
        var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:") return null;
        return Path.GetFullPath(builder.DataSource);
    }

    /// <summary>
    /// Takes an exclusive lock on <paramref name="path"/> (flock on Unix, a share-none handle on Windows), waiting while
    /// another live process holds it. The file itself stays: deleting a lock file lets two processes lock two files.
    /// </summary>
    private static async Task<FileStream> HoldAsync(string path, ILogger logger, CancellationToken cancellationToken)
    {
        var told = false;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                if (!told) DataLog.MigrationLockWaiting(logger, path);
                told = true;
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
    }

    private static async Task<bool> HasLockRowAsync(BrieflyDbContext db, CancellationToken cancellationToken)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{SqliteLockTable}'";
            if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0) return false;
            command.CommandText = $"SELECT COUNT(*) FROM \"{SqliteLockTable}\"";
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task RemoveStaleLockAsync(BrieflyDbContext db, string file, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var exists = connection.CreateCommand();
            exists.CommandText = $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{SqliteLockTable}'";
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0) return;
            await using var read = connection.CreateCommand();
            read.CommandText = $"SELECT \"Timestamp\" FROM \"{SqliteLockTable}\"";
            if (await read.ExecuteScalarAsync(cancellationToken) is not { } takenAt) return;
            await using var remove = connection.CreateCommand();
            remove.CommandText = $"DELETE FROM \"{SqliteLockTable}\"";
            await remove.ExecuteNonQueryAsync(cancellationToken);
            DataLog.StaleMigrationLockRemoved(logger, file, Convert.ToString(takenAt, System.Globalization.CultureInfo.InvariantCulture) ?? "");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
