using Lucene.Net.Search;

namespace Briefly.Core.Search;

public sealed partial class StoryIndex
{
    /// <summary>
    /// Which of the given (already indexed) stories each saved topic would answer with, for alerts:
    /// the same concepts and the same judgement as <see cref="Search(string, int, DateOnly?)"/>,
    /// keeping the stories squarely on the topic or naming it prominently (headline or lead), never
    /// a passing mention. No Lucene query runs per topic: the few new stories are judged directly.
    /// </summary>
    public IReadOnlyList<(string Topic, long StoryId)> Match(IEnumerable<string> topics, IEnumerable<long> storyIds)
    {
        var matches = new List<(string, long)>();
        lock (gate)
        {
            var searcher = Searcher();
            var candidates = storyIds.Distinct().Where(stories.ContainsKey).Select(id => stories[id]).ToList();
            if (candidates.Count == 0) return matches;
            var vocabularies = candidates.ConvertAll(s => s.Vocabulary());
            var profiles = candidates.ConvertAll(s => s.Profile());

            foreach (var topic in topics.Distinct(StringComparer.Ordinal))
            {
                // A topic of several parts matches what any part matches, once per story.
                var matched = new HashSet<long>();
                foreach (var part in TopicParts(topic))
                    MatchOne(searcher, part, candidates, vocabularies, profiles, matched);
                foreach (var id in matched) matches.Add((topic, id));
            }
        }
        return matches;
    }

    /// <summary>Adds to <paramref name="matched"/> the candidates a topic of one part would answer squarely or prominently.</summary>
    private void MatchOne(IndexSearcher searcher, string topic, List<IndexedStory> candidates, List<HashSet<int>> vocabularies,
        List<StoryProfile> profiles, HashSet<long> matched)
    {
        var concepts = Concepts(topic, searcher);
        if (concepts.Count == 0) return;
        var wanted = new HashSet<int>();
        foreach (var concept in concepts) concept.Resolve(terms, wanted);
        var required = concepts.Where(c => c.Required).ToList();
        if (required.Count == 0) required = concepts;

        for (var i = 0; i < candidates.Count; i++)
        {
            // Most topics share no word with most stories: a set lookup settles them before any judging.
            if (!required.All(c => c.CouldMatch(vocabularies[i]))) continue;
            if (Judge(candidates[i], profiles[i], concepts) is { } judged && (judged.Squarely || judged.Focus > ProminentFocus))
                matched.Add(candidates[i].Id);
        }
    }
}
