using Microsoft.Extensions.Logging;

namespace Briefly.Core.Briefs;

/// <summary>The event ids of taking in briefs: 1000–1099.</summary>
public static class IngestEvents
{
    /// <summary>A brief was created or updated.</summary>
    public const int BriefStored = 1000;

    /// <summary>Another host stored the same brief between this one's read and write; it is stored again as an update.</summary>
    public const int BriefStoredConcurrently = 1001;

    /// <summary>A brief of the same title and date belongs to another source, and was left as it was.</summary>
    public const int BriefOwnedElsewhere = 1002;
}

internal static partial class IngestLog
{
    [LoggerMessage(EventId = IngestEvents.BriefStored, Level = LogLevel.Information,
        Message = "{Status} brief {BriefId} ({Title}, {Date}) from {Origin}")]
    internal static partial void BriefStored(ILogger logger, IngestStatus status, long briefId, string title, DateOnly date, string origin);

    [LoggerMessage(EventId = IngestEvents.BriefStoredConcurrently, Level = LogLevel.Information,
        Message = "Brief {Title} of {Date} was stored concurrently; retrying as an update")]
    internal static partial void BriefStoredConcurrently(ILogger logger, string title, DateOnly date);

    [LoggerMessage(EventId = IngestEvents.BriefOwnedElsewhere, Level = LogLevel.Warning,
        Message = "Brief {BriefId} ({Title}, {Date}) belongs to {Owner}; {Origin} from {Source} left it as it was")]
    internal static partial void BriefOwnedElsewhere(ILogger logger, long briefId, string title, DateOnly date, string owner, string origin, string source);
}
