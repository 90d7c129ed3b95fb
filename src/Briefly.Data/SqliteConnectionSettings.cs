using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Briefly.Data;

/// <summary>
/// What every SQLite connection is opened with. A host sends to thousands of channels at once, so many writers queue
/// for SQLite's one write lock: SQLite itself waits for it (<c>busy_timeout</c>), in steps of a few milliseconds, where
/// the driver's own wait would sleep a blocked thread 150 ms at a time; and in write-ahead-log mode a commit need not
/// reach the disk before the lock is let go (<c>synchronous = NORMAL</c>: the database stays whole through a crash or a
/// kill; a power cut may lose the last moment's commits, which a delivery's send key and its retry cover).
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";

    public static readonly SqliteConnectionSettings Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
