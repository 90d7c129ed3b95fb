using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefly.Data;

public static class BrieflyDataExtensions
{
    /// <summary>
    /// Registers <see cref="BrieflyDbContext"/> on the provider that Database:Provider names, with the
    /// ConnectionStrings:Briefly connection string (SQLite defaults to data/briefly.db).
    /// </summary>
    public static IHostApplicationBuilder AddBrieflyData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section, o => o.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var provider = ReadProvider(builder.Configuration);
        var connectionString = ConnectionString(builder.Configuration, provider);
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                builder.Services.AddDbContext<BrieflyDbContext, SqliteBrieflyDbContext>(o => UseSqlite(o, connectionString));
                break;
            case DatabaseProvider.Postgres:
                builder.Services.AddDbContext<BrieflyDbContext, PostgresBrieflyDbContext>(o => UsePostgres(o, connectionString));
                break;
            case DatabaseProvider.SqlServer:
                builder.Services.AddDbContext<BrieflyDbContext, SqlServerBrieflyDbContext>(o => UseSqlServer(o, connectionString));
                break;
        }
        builder.Services.AddSingleton(new DatabaseTarget(provider, connectionString));
        // One key ring for every host of the deployment, in its database, so any host can read what another encrypted.
        builder.Services.AddDataProtection().SetApplicationName("Briefly").PersistKeysToDbContext<BrieflyDbContext>();
        return builder;
    }

    /// <summary>Reads Database:Provider, failing with the key's name and the allowed values when it is wrong.</summary>
    public static DatabaseProvider ReadProvider(IConfiguration configuration)
    {
        var key = $"{DatabaseOptions.Section}:{nameof(DatabaseOptions.Provider)}";
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text)) return DatabaseProvider.Sqlite;
        if (Enum.TryParse<DatabaseProvider>(text.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider))
            return provider;
        throw new OptionsValidationException(key, typeof(DatabaseOptions),
            [$"{key} is '{text}'; expected one of: {string.Join(", ", Enum.GetNames<DatabaseProvider>())}."]);
    }

    public static string ConnectionString(IConfiguration configuration, DatabaseProvider provider)
    {
        var configured = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        if (provider == DatabaseProvider.Sqlite) return DatabaseOptions.DefaultSqliteConnectionString;
        throw new OptionsValidationException($"ConnectionStrings:{DatabaseOptions.ConnectionStringName}", typeof(DatabaseOptions),
            [$"ConnectionStrings:{DatabaseOptions.ConnectionStringName} is required when {DatabaseOptions.Section}:Provider is {provider}."]);
    }

    public static void UseSqlite(DbContextOptionsBuilder options, string connectionString)
    {
        EnsureSqliteFolder(connectionString);
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("__EFMigrationsHistory"))
            .AddInterceptors(SqliteConnectionSettings.Instance)
            .ConfigureWarnings(FailuresLoggedByTheirHandler);
    }

    public static void UsePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure()).ConfigureWarnings(FailuresLoggedByTheirHandler);

    public static void UseSqlServer(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure()).ConfigureWarnings(FailuresLoggedByTheirHandler);

    /// <summary>
    /// EF Core logs every failed command, save and connection as an error, with its stack trace, before throwing, even when the caller
    /// expects it (two hosts storing the same brief, a person's first messages arriving at once) and handles it. The
    /// exception reaches the caller either way: the code that handles it logs it as what it is, and one nobody handles is
    /// logged as a failure where it ends (the job, the request, the command).
    /// </summary>
    private static void FailuresLoggedByTheirHandler(WarningsConfigurationBuilder warnings) => warnings.Log(
        (CoreEventId.SaveChangesFailed, LogLevel.Debug),
        (CoreEventId.OptimisticConcurrencyException, LogLevel.Debug),
        (RelationalEventId.CommandError, LogLevel.Debug),
        (RelationalEventId.ConnectionError, LogLevel.Debug));

    /// <summary>SQLite creates the file but not its folder; data/ does not exist on a fresh clone.</summary>
    private static void EnsureSqliteFolder(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:") return;
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
    }
}

/// <summary>The provider and connection string in force, for the parts that talk to the database outside EF (Hangfire).</summary>
public sealed record DatabaseTarget(DatabaseProvider Provider, string ConnectionString);
