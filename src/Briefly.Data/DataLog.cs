using Microsoft.Extensions.Logging;

namespace Briefly.Data;

/// <summary>The event ids of the database layer (schema migration): 4000–4099.</summary>
public static class DataEvents
{
    /// <summary>Another Briefly process holds the migration file lock; this one waits for it.</summary>
    public const int MigrationLockWaiting = 4000;

    /// <summary>EF's SQLite migration lock row was left by a process that ended mid-migration, and was removed.</summary>
    public const int StaleMigrationLockRemoved = 4001;
}

internal static partial class DataLog
{
    // SchemaMigrator
    [LoggerMessage(EventId = DataEvents.MigrationLockWaiting, Level = LogLevel.Warning,
        Message = "Another Briefly process is migrating {LockFile}; waiting for it")]
    internal static partial void MigrationLockWaiting(ILogger logger, string lockFile);

    [LoggerMessage(EventId = DataEvents.StaleMigrationLockRemoved, Level = LogLevel.Warning,
        Message = "Removed a stale migration lock on {Database}, taken at {TakenAt} by a process that ended before it released it")]
    internal static partial void StaleMigrationLockRemoved(ILogger logger, string database, string takenAt);
}
