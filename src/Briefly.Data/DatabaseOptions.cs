using System.ComponentModel.DataAnnotations;

namespace Briefly.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    Postgres,
}

/// <summary>The "Database" section; the connection string is ConnectionStrings:Briefly.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public const string ConnectionStringName = "Briefly";

    /// <summary>The embedded default, relative to the working directory.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=data/briefly.db";

    [EnumDataType(typeof(DatabaseProvider))]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}
