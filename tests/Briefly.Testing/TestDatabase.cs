using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace Briefly.Testing;

/// <summary>
/// A fresh, migrated database of its own for one test: a SQLite file in the temp folder, or a new database on the
/// PostgreSQL server that tests/run starts (BRIEFLY_TEST_POSTGRES holds its admin connection string).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "BRIEFLY_TEST_POSTGRES";

    private readonly string? _postgresAdmin;
    private readonly string? _databaseName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? postgresAdmin = null, string? databaseName = null)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _postgresAdmin = postgresAdmin;
        _databaseName = databaseName;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The providers every data test runs on. SQL Server cannot run on these machines.</summary>
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    /// <param name="migrated">False for a database with no schema yet, as on a fresh clone.</param>
    /// <param name="postgresAdmin">The server to create a PostgreSQL database on; unset, <see cref="PostgresVariable"/>'s.</param>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrated = true, string? postgresAdmin = null)
    {
        var database = provider switch
        {
            DatabaseProvider.Sqlite => CreateSqlite(),
            DatabaseProvider.Postgres => await CreatePostgresAsync(postgresAdmin),
            _ => throw new NotSupportedException($"{provider} cannot run on this machine; its migration script is tested instead."),
        };
        if (!migrated) return database;
        await using var db = database.CreateContext();
        await db.Database.MigrateAsync();
        return database;
    }

    public BrieflyDbContext CreateContext() => Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteBrieflyDbContext(Options<SqliteBrieflyDbContext>(o => BrieflyDataExtensions.UseSqlite(o, ConnectionString))),
        DatabaseProvider.Postgres => new PostgresBrieflyDbContext(Options<PostgresBrieflyDbContext>(o => BrieflyDataExtensions.UsePostgres(o, ConnectionString))),
        _ => throw new NotSupportedException(Provider.ToString()),
    };

    /// <summary>
    /// Waits until a host on this database has answered everything it accepted and sent everything it queued (or settled it
    /// otherwise): what a test asserts after a request is then what the people on the platform have seen.
    /// </summary>
    public Task SettledAsync() => Settling.WaitAsync(CreateContext);

    /// <summary>The settings a host needs to use this database: Database:Provider and ConnectionStrings:Briefly.</summary>
    public Dictionary<string, string?> HostSettings() => new()
    {
        ["Database:Provider"] = Provider.ToString(),
        ["ConnectionStrings:Briefly"] = ConnectionString,
    };

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            // The host keeps Hangfire's jobs in a file beside the database (briefly.db → briefly.hangfire.db), and
            // takes its migration lock on another (briefly.db.migrating).
            var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            var jobs = Path.ChangeExtension(file, ".hangfire.db");
            foreach (var path in new[] { file, jobs }.SelectMany(f => new[] { f, f + "-wal", f + "-shm" })) File.Delete(path);
            File.Delete(file + ".migrating");
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_postgresAdmin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", admin);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
            {
                // An autovacuum worker (a superuser's process, which the test role may not end) is at work on the database
                // after a test's many writes: it is done in a moment.
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }
    }

    private static DbContextOptions<T> Options<T>(Action<DbContextOptionsBuilder> configure) where T : DbContext
    {
        var builder = new DbContextOptionsBuilder<T>();
        configure(builder);
        return builder.Options;
    }

    private static TestDatabase CreateSqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "briefly-tests");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{Guid.NewGuid():N}.db");
        return new TestDatabase(DatabaseProvider.Sqlite, $"Data Source={file}");
    }

    private static async Task<TestDatabase> CreatePostgresAsync(string? postgresAdmin)
    {
        var admin = postgresAdmin ?? Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
            throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run the tests with tests/run, which installs and starts PostgreSQL, " +
                $"or set {PostgresVariable} to a connection string of a role that may create databases.");
        var name = $"briefly_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(DatabaseProvider.Postgres, builder.ConnectionString, admin, name);
    }
}
