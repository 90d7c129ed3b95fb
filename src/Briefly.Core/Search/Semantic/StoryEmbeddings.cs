using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Briefly.Core.Search.Semantic;

/// <summary>Whether answers can use meaning as well as words.</summary>
public enum SemanticState
{
    /// <summary>The model has not been needed yet (it loads on first use, or when the host checks it at start).</summary>
    NotLoaded,
    /// <summary>The model loaded and ran; it may be out of memory now (<see cref="StoryEmbeddings.Loaded"/>) and loads again on use.</summary>
    Ready,
    /// <summary>No model is configured (<c>Search:EmbeddingModel=none</c>): answers are lexical.</summary>
    Off,
    /// <summary>The model failed to load or run: answers are lexical until the host restarts.</summary>
    Unavailable,
}

/// <summary>
/// The one door to the embedding model: stories are embedded here when they are stored, questions when they are asked.
/// When the model is missing or broken the product keeps working on words alone: this logs one warning, reports
/// <see cref="SemanticState.Unavailable"/> (the host's health says Degraded) and answers null, which every caller takes
/// as "no vector".
/// </summary>
/// <remarks>
/// The model is in memory only while it is used: it loads when a story or a question needs it (a fifth of a second) and is
/// released after <see cref="KeepLoaded"/> without use. A host that only delivers briefs then holds it only for the check at
/// start: the model is 130 MB of the 195 MB a bare process has resident with it loaded (150 MB of a delivering host's peak).
/// </remarks>
public sealed class StoryEmbeddings(ITextEmbedder? embedder, ILogger<StoryEmbeddings> logger, TimeProvider? time = null)
{
    /// <summary>Enough for every topic people follow and ask about in a day; cleared when full rather than tracked.</summary>
    private const int QueryCacheSize = 10_000;

    /// <summary>About a second of the model's time on two cores: large enough to batch well, small enough to wait for.</summary>
    private const int ChunkSize = 32;

    /// <summary>Far more topics than any organisation follows (10,000 topics take 15 MB); cleared when full rather than tracked.</summary>
    private const int FollowedCacheSize = 100_000;

    private readonly ConcurrentDictionary<string, float[]> _queries = new(StringComparer.Ordinal);

    /// <summary>
    /// Followed topics' vectors, apart from questions': every alert run matches new stories against all of them, so each is
    /// embedded once per process and kept, and a burst of one-off questions does not push them out.
    /// </summary>
    private readonly ConcurrentDictionary<string, float[]> _followed = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>When the model last embedded something (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    private long _lastUsed;

    public SemanticState State { get; private set; } = embedder is null ? SemanticState.Off : SemanticState.NotLoaded;

    /// <summary>Whether the model is in memory now.</summary>
    public bool Loaded { get; private set; }

    /// <summary>
    /// How long the model stays in memory after its last use (<c>Search:ModelIdleMinutes</c>); zero keeps it loaded once
    /// it has been.
    /// </summary>
    public TimeSpan KeepLoaded { get; init; } = TimeSpan.FromMinutes(SearchOptions.DefaultModelIdleMinutes);

    /// <summary>Why semantic search is off or unavailable, for health and logs; null when it works.</summary>
    public string? Problem { get; private set; } = embedder is null ? "no embedding model is configured (Search:EmbeddingModel)" : null;

    /// <summary>The model's id, stored with each vector; null when there is no working model.</summary>
    public string? ModelId => State is SemanticState.Ready or SemanticState.NotLoaded ? embedder?.ModelId : null;

    /// <summary>Loads the model now, for work that is about to use it throughout (<c>reindex</c>).</summary>
    public void Warm() => EmbedQuery("warm");

    /// <summary>
    /// Loads and runs the model, then releases it unless <see cref="KeepLoaded"/> is zero: a host checks at start, so a
    /// model that cannot load is reported at once (one warning, health Degraded), not at the first question.
    /// </summary>
    public void Check()
    {
        if (Run(["check"], CancellationToken.None) is not null && KeepLoaded > TimeSpan.Zero) Release(onlyIfIdle: false);
    }

    /// <summary>Releases the model when it has not been used for <see cref="KeepLoaded"/>; the index refresher asks every 30 s.</summary>
    public void ReleaseIfIdle()
    {
        if (KeepLoaded > TimeSpan.Zero) Release(onlyIfIdle: true);
    }

    private void Release(bool onlyIfIdle)
    {
        lock (_gate)
        {
            if (!Loaded || State != SemanticState.Ready || (onlyIfIdle && _time.GetElapsedTime(_lastUsed) < KeepLoaded)) return;
            embedder!.Unload();
            Loaded = false;
        }
        SearchLog.EmbeddingModelReleased(logger, embedder.ModelId);
    }

    /// <summary>
    /// The stored form of each text's vector (see <see cref="StoryVectors"/>), in order; null when there is no working
    /// model or the model failed on these texts.
    /// </summary>
    public IReadOnlyList<byte[]>? EmbedStories(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var stored = new List<byte[]>(texts.Count);
        // In chunks, so a question asked during a large ingest waits for one chunk, not for the whole brief.
        foreach (var chunk in texts.Chunk(ChunkSize))
        {
            if (Run(chunk, cancellationToken) is not { } vectors) return null;
            stored.AddRange(vectors.Select(v => StoryVectors.Encode(v)));
        }
        return stored;
    }

    /// <summary>A question's or topic's vector, unit length; null when there is no working model. Repeated topics are not embedded again.</summary>
    public float[]? EmbedQuery(string text)
    {
        var key = Key(text);
        if (_queries.TryGetValue(key, out var known)) return known;
        if (Run([key], CancellationToken.None) is not [var vector]) return null;
        StoryVectors.Normalise(vector);
        if (_queries.Count >= QueryCacheSize) _queries.Clear();
        _queries[key] = vector;
        return vector;
    }

    /// <summary>
    /// The vectors (unit length) of followed topics, by topic; those not embedded before are embedded in batches. Null when
    /// there is no working model: then topics are matched on words.
    /// </summary>
    public IReadOnlyDictionary<string, float[]>? EmbedTopics(IReadOnlyCollection<string> topics, CancellationToken cancellationToken)
    {
        var byKey = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var key in topics.Select(Key).Distinct(StringComparer.Ordinal))
        {
            if (_followed.TryGetValue(key, out var known)) byKey[key] = known;
            else missing.Add(key);
        }
        if (missing.Count > 0 && _followed.Count + missing.Count > FollowedCacheSize) _followed.Clear();
        foreach (var chunk in missing.Chunk(ChunkSize))
        {
            if (Run(chunk, cancellationToken) is not { } vectors) return null;
            for (var i = 0; i < chunk.Length; i++)
            {
                StoryVectors.Normalise(vectors[i]);
                byKey[chunk[i]] = _followed[chunk[i]] = vectors[i];
            }
        }
        var byTopic = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var topic in topics) byTopic[topic] = byKey[Key(topic)];
        return byTopic;
    }

    /// <summary>Questions and topics are embedded as typed, up to case and surrounding space.</summary>
    private static string Key(string text) => text.Trim().ToLowerInvariant();

    private IReadOnlyList<float[]>? Run(string[] texts, CancellationToken cancellationToken)
    {
        if (embedder is null || State == SemanticState.Unavailable) return null;
        try
        {
            // One batch at a time: the model already uses every core for a batch, and a query waits at most one batch.
            IReadOnlyList<float[]> vectors;
            lock (_gate)
            {
                Loaded = true;
                vectors = embedder.Embed(texts, cancellationToken);
                _lastUsed = _time.GetTimestamp();
            }
            if (vectors.Count != texts.Length)
                throw new InvalidOperationException($"{embedder.ModelId} returned {vectors.Count} vectors for {texts.Length} texts.");
            if (State == SemanticState.NotLoaded)
            {
                State = SemanticState.Ready;
                SearchLog.EmbeddingModelReady(logger, embedder.ModelId);
            }
            return vectors;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (State == SemanticState.Ready && e is not EmbeddingUnavailableException)
            {
                // A model that works failed on these texts: they go without vectors (found by their words until
                // `reindex`), and everything else keeps its meaning.
                SearchLog.EmbeddingFailed(logger, e, embedder.ModelId, texts.Length);
                return null;
            }
            lock (_gate)
            {
                if (State == SemanticState.Unavailable) return null;
                State = SemanticState.Unavailable;
                Problem = $"the embedding model {embedder.ModelId} failed: {e.Message}";
            }
            SearchLog.EmbeddingModelUnavailable(logger, e, embedder.ModelId);
            return null;
        }
    }
}
