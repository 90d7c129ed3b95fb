using Lucene.Net.Search;

namespace Briefly.Core.Search;

public sealed partial class StoryIndex
{
    /// <summary>
    /// Which of the given (already indexed) stories each followed topic would answer with, for alerts: the same concepts,
    /// the same judgement and the same meaning as <see cref="Search(string, int, DateOnly?)"/>, keeping the stories squarely
    /// on the topic or naming it prominently (headline or lead), never a passing mention. No Lucene query runs per topic:
    /// the few new stories are judged directly, and the topics' vectors are embedded once and kept.
    /// </summary>
    public IReadOnlyList<(string Topic, long StoryId)> Match(IEnumerable<string> topics, IEnumerable<long> storyIds)
    {
        var distinct = topics.Distinct(StringComparer.Ordinal).ToList();
        // Embedding is the slow part and needs no index: done before taking the lock, and only for topics not seen before.
        var meaning = CanUseMeaning() ? _embeddings!.EmbedTopics(distinct, CancellationToken.None) : null;
        var matches = new List<(string, long)>();
        lock (_gate)
        {
            var searcher = Searcher();
            var candidates = storyIds.Distinct().Where(_stories.ContainsKey).Select(id => _stories[id]).ToList();
            if (candidates.Count == 0) return matches;
            var vocabularies = candidates.ConvertAll(s => s.Vocabulary());
            var profiles = candidates.ConvertAll(s => s.Profile());

            foreach (var topic in distinct)
            {
                var vector = meaning?.GetValueOrDefault(topic);
                // A topic of several parts matches what any part matches, once per story.
                var matched = new HashSet<long>();
                // Whether the words find a story squarely on the topic anywhere in the archive, worked out only when needed.
                var wordsFindIt = new Lazy<bool>(() => JudgeTopic(topic, 1, int.MaxValue, meaningConfirms: true).Judged.Any(r => r.Squarely));
                foreach (var part in TopicParts(topic))
                    MatchOne(searcher, part, vector, wordsFindIt, candidates, vocabularies, profiles, matched);
                foreach (var id in matched) matches.Add((topic, id));
            }
        }
        return matches;
    }

    /// <summary>
    /// Adds to <paramref name="matched"/> the candidates a topic of one part would answer squarely or prominently: by its
    /// words, as <see cref="RankByWordsAndMeaning"/> keeps them; or, with none of the words' verdicts, by meaning when the
    /// story is very close to the whole topic, among the nearest to it, and names what the topic names as prominently as
    /// answers need to put it among the squarely relevant stories (see <see cref="RankByWordsAndMeaning"/>). An
    /// alert comes unasked, so meaning alone must be strong: <see cref="StrongMeaning"/>, not <see cref="MeaningFloor"/>.
    /// </summary>
    /// <param name="topic">The topic's vector from the stories' model; null when answers are on words alone.</param>
    /// <param name="wordsFindIt">Whether the words find a story squarely on the whole topic in the archive.</param>
    private void MatchOne(IndexSearcher searcher, string part, float[]? topic, Lazy<bool> wordsFindIt, List<IndexedStory> candidates, List<HashSet<int>> vocabularies,
        List<StoryProfile> profiles, HashSet<long> matched)
    {
        var concepts = Concepts(part, searcher, meaningConfirms: topic is not null);
        if (concepts.Count == 0) return;
        var wanted = new HashSet<int>();
        foreach (var concept in concepts) concept.Resolve(_terms, wanted);
        var named = concepts.Where(c => c.Required).ToList();
        var required = named.Count > 0 ? named : concepts;
        var setAside = concepts.Any(c => c.Absent);
        float? nearest = null;

        for (var i = 0; i < candidates.Count; i++)
        {
            var story = candidates[i];
            var meaning = topic is null ? null : _vectors.Similarity(story.Id, topic);
            // Most topics share no word with most stories: a set lookup settles them before any judging.
            if (required.All(c => c.CouldMatch(vocabularies[i])) && Judge(story, profiles[i], concepts) is { } judged)
            {
                // As in answers: with a word of the topic in no story, only a story very close in meaning answers.
                if ((judged.Squarely || judged.Focus > ProminentFocus) && (!setAside || meaning >= StrongMeaning))
                    matched.Add(story.Id);
                continue;
            }
            if (topic is null || named.Count == 0 || !(meaning >= StrongMeaning)) continue;
            var (namesAny, focus) = Naming(story, profiles[i], named);
            // As answers do: squarely on the topic when the words find nothing squarely, otherwise only if prominent.
            if (!namesAny || focus < PromotableFocus || (focus <= ProminentFocus && wordsFindIt.Value)) continue;
            // Answers take a story by meaning only near the closest story of all; that scan runs for the rare candidate.
            nearest ??= _vectors.Nearest(topic, 1) is [var first] ? first.Similarity : 0f;
            if (meaning >= nearest - MeaningNear) matched.Add(story.Id);
        }
    }
}
