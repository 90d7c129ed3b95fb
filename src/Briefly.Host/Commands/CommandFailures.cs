using System.Data.Common;
using System.Net.Sockets;
using Briefly.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Briefly.Host.Commands;

/// <summary>The exit codes a command ends with, beside 0 (done) and 1 (done, with failures, or could not start).</summary>
internal static class ExitCodes
{
    public const int Failed = 1;

    public const int Usage = 2;

    /// <summary>Stopped by Ctrl-C after a clean stop: 128 + SIGINT, as shells report it.</summary>
    public const int Interrupted = 130;
}

/// <summary>
/// Turns what stops a command before it can do its work (a wrong setting, a database it cannot reach, open or write)
/// into one line that names the thing and what to do, instead of a stack trace.
/// </summary>
internal static class CommandFailures
{
    public static string? Describe(Exception exception, DatabaseTarget? database) => Unwrap(exception) switch
    {
        UsageException e => e.Message,
        SchemaMismatchException e => e.Message,
        OptionsValidationException e => e.Message,
        NpgsqlException { InnerException: SocketException or TimeoutException } e =>
            $"cannot reach the PostgreSQL server {Server(database)} (ConnectionStrings:Briefly): {e.InnerException!.Message}",
        NpgsqlException e => $"the PostgreSQL server {Server(database)} refused the connection (ConnectionStrings:Briefly): {e.Message}",
        SqliteException { SqliteErrorCode: 8 } => $"the SQLite database {SqliteFile(database)} is read-only: its file or folder cannot be written",
        SqliteException { SqliteErrorCode: 14 } =>
            $"cannot open the SQLite database {SqliteFile(database)}: its folder is missing or cannot be written (ConnectionStrings:Briefly)",
        SqliteException e => $"the SQLite database {SqliteFile(database)}: {e.Message}",
        UnauthorizedAccessException e when database?.Provider == DatabaseProvider.Sqlite =>
            $"cannot write in the folder of the SQLite database {SqliteFile(database)} (ConnectionStrings:Briefly): {e.Message}",
        DbException e => $"the {database?.Provider.ToString() ?? "database"} failed: {e.Message}",
        _ => null,
    };

    /// <summary>EF Core's retrying strategy wraps the last failure; that failure is the one to tell.</summary>
    private static Exception Unwrap(Exception exception) => exception switch
    {
        RetryLimitExceededException { InnerException: { } inner } => Unwrap(inner),
        InvalidOperationException { InnerException: DbException inner } => inner,
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        _ => exception,
    };

    private static string Server(DatabaseTarget? database)
    {
        if (database is null) return "";
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString);
            return $"at {builder.Host}:{builder.Port}";
        }
        catch (ArgumentException)
        {
            return "";
        }
    }

    private static string SqliteFile(DatabaseTarget? database)
    {
        if (database is null) return "";
        try
        {
            return Path.GetFullPath(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource);
        }
        catch (ArgumentException)
        {
            return "";
        }
    }
}
