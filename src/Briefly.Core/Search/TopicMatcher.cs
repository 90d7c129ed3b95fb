using Briefly.Data;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Core.Search;

/// <summary>A followed topic that a new story matches.</summary>
/// <param name="TopicKey">The subscriptions' key: every user who follows this key gets the story.</param>
public sealed record TopicMatch(string TopicKey, string Topic, long StoryId);

/// <summary>
/// Matches newly stored stories against every followed topic, for alerts, with the same judgement as answers: a story
/// that would be in the answer to "latest on X" matches X, and one that would not, does not.
/// </summary>
public sealed class TopicMatcher(BrieflyDbContext db, StoryIndexSync search)
{
    public async Task<IReadOnlyList<TopicMatch>> MatchAsync(IReadOnlyCollection<long> newStoryIds, CancellationToken cancellationToken)
    {
        if (newStoryIds.Count == 0) return [];
        await search.RefreshAsync(cancellationToken);

        // People write one topic many ways; the key decides, and one wording per key is enough to search with.
        var topics = await db.TopicSubscriptions.AsNoTracking()
            .GroupBy(s => s.TopicKey)
            .Select(g => new { Key = g.Key, Topic = g.Min(s => s.Topic)! })
            .ToListAsync(cancellationToken);
        var keyOf = topics.ToDictionary(t => t.Topic, t => t.Key, StringComparer.Ordinal);

        return [.. search.Index.Match(topics.Select(t => t.Topic), newStoryIds)
            .Select(m => new TopicMatch(keyOf[m.Topic], m.Topic, m.StoryId))];
    }
}
