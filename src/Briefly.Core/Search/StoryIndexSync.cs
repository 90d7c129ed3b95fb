using Briefly.Core.Search.Semantic;
using Briefly.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Briefly.Core.Search;

/// <summary>
/// Keeps this host's <see cref="StoryIndex"/> in step with the database, which stays the source of truth: a full
/// load the first time, then only the briefs changed since, by this host or another. Cheap enough to call before
/// every answer (one MAX query when nothing changed).
/// </summary>
public sealed class StoryIndexSync(StoryIndex index, StoryEmbeddings embeddings, IServiceScopeFactory scopes, ILogger<StoryIndexSync> logger) : IDisposable
{
    /// <summary>Re-reads a little before the newest change seen, so a host whose clock runs behind is not missed.</summary>
    private static readonly TimeSpan ClockSkewMargin = TimeSpan.FromMinutes(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<long, HashSet<long>> _storiesByBrief = [];
    private DateTime? _newestSeen;

    public StoryIndex Index => index;

    /// <summary>Whether the index has read the database once: until then a question would be answered from a part of it.</summary>
    public bool Loaded { get; private set; }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BrieflyDbContext>();
            // A story changes on its own when `reindex` gives it a vector; everything else changes its brief too.
            var newestBrief = await db.Briefs.MaxAsync(b => (DateTime?)b.UpdatedAt, cancellationToken);
            var newestStory = await db.Stories.MaxAsync(s => (DateTime?)s.UpdatedAt, cancellationToken);
            var newest = newestStory > newestBrief ? newestStory : newestBrief;
            if (newest is null || newest == _newestSeen)
            {
                Loaded = true;
                return;
            }

            var since = _newestSeen is { } seen ? seen - ClockSkewMargin : DateTime.MinValue;
            // Every update of a brief touches its UpdatedAt, so this brings all current stories of each changed brief.
            var model = embeddings.ModelId;
            // A vector of another model than the one questions are embedded with cannot be compared: the story is found by its words until `reindex`.
            var stories = (await db.SearchableChangedSince(since).ToListAsync(cancellationToken))
                .Select(s => s.EmbeddingModel == model ? s : s with { Embedding = null, EmbeddingModel = null })
                .ToList();
            var changedBriefs = stories.Select(s => s.BriefId).Distinct().ToList();

            // A corrected brief may have dropped stories: whatever the brief no longer holds leaves the index.
            var current = stories.GroupBy(s => s.BriefId).ToDictionary(g => g.Key, g => g.Select(s => s.Id).ToHashSet());
            foreach (var briefId in changedBriefs)
            {
                var now = current.GetValueOrDefault(briefId) ?? [];
                if (_storiesByBrief.TryGetValue(briefId, out var before))
                    foreach (var gone in before.Where(id => !now.Contains(id))) index.Remove(gone);
                _storiesByBrief[briefId] = now;
            }
            if (index.AddOrReplace(stories) is > 0 and var unusable)
                SearchLog.IndexVectorsUnusable(logger, unusable);
            SearchLog.IndexRefreshed(logger, stories.Count, changedBriefs.Count, index.Count);
            _newestSeen = newest;
            Loaded = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
