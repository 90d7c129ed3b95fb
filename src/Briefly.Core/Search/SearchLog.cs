using Microsoft.Extensions.Logging;

namespace Briefly.Core.Search;

/// <summary>The event ids of the search index and the embedding model: 1200–1299.</summary>
public static class SearchEvents
{
    /// <summary>The embedding model loaded on first use: answers use meaning as well as words.</summary>
    public const int EmbeddingModelReady = 1200;

    /// <summary>The embedding model failed to load or run; answers are lexical until the host restarts. Logged once.</summary>
    public const int EmbeddingModelUnavailable = 1201;

    /// <summary>A working embedding model failed on some texts, which go without vectors.</summary>
    public const int EmbeddingFailed = 1202;

    /// <summary>The embedding model was released from memory, unused for <c>Search:ModelIdleMinutes</c> or checked at start; it loads again on use.</summary>
    public const int EmbeddingModelReleased = 1203;

    /// <summary>The search index read in the briefs changed since its last refresh.</summary>
    public const int IndexRefreshed = 1210;

    /// <summary>A refresh found stored story vectors it cannot use; those stories are found by their words.</summary>
    public const int IndexVectorsUnusable = 1211;

    /// <summary>The background refresh of the search index failed; it tries again after its interval.</summary>
    public const int IndexRefreshFailed = 1220;
}

internal static partial class SearchLog
{
    // StoryEmbeddings
    [LoggerMessage(EventId = SearchEvents.EmbeddingModelReady, Level = LogLevel.Information,
        Message = "Embedding model {Model} loaded: answers use meaning as well as words")]
    internal static partial void EmbeddingModelReady(ILogger logger, string model);

    [LoggerMessage(EventId = SearchEvents.EmbeddingModelUnavailable, Level = LogLevel.Warning,
        Message = "The embedding model {Model} cannot be used; answers are lexical only and new stories are stored without vectors until the host restarts (then run `reindex`)")]
    internal static partial void EmbeddingModelUnavailable(ILogger logger, Exception exception, string model);

    [LoggerMessage(EventId = SearchEvents.EmbeddingFailed, Level = LogLevel.Warning,
        Message = "The embedding model {Model} failed on {Count} texts; those stories are stored without vectors until `reindex`, that question is answered on words")]
    internal static partial void EmbeddingFailed(ILogger logger, Exception exception, string model, int count);

    [LoggerMessage(EventId = SearchEvents.EmbeddingModelReleased, Level = LogLevel.Information,
        Message = "Embedding model {Model} released from memory; it loads again when a story or a question needs it")]
    internal static partial void EmbeddingModelReleased(ILogger logger, string model);

    // StoryIndexSync
    [LoggerMessage(EventId = SearchEvents.IndexRefreshed, Level = LogLevel.Information,
        Message = "Search index: {Changed} stories of {Briefs} briefs refreshed; {Count} indexed")]
    internal static partial void IndexRefreshed(ILogger logger, int changed, int briefs, int count);

    [LoggerMessage(EventId = SearchEvents.IndexVectorsUnusable, Level = LogLevel.Warning,
        Message = "Search index: {Unusable} stored story vectors are damaged or of another length; those stories are found by their words until `reindex --all`")]
    internal static partial void IndexVectorsUnusable(ILogger logger, int unusable);

    // StoryIndexRefresher
    [LoggerMessage(EventId = SearchEvents.IndexRefreshFailed, Level = LogLevel.Warning,
        Message = "Refreshing the search index failed; retrying in {Interval}")]
    internal static partial void IndexRefreshFailed(ILogger logger, Exception exception, TimeSpan interval);
}
