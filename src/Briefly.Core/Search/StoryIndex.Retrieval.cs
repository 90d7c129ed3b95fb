using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Briefly.Core.Search;

/// <summary>Retrieval: Lucene finds the candidate stories for a topic, newest first, and the verdicts are merged.</summary>
public sealed partial class StoryIndex
{
    /// <summary>Every story relevant to the topic, in answer order: squarely relevant ones newest first, then partial ones by relevance.</summary>
    /// <param name="enough">
    /// How many stories the caller shows: the ranking may stop judging once that many squarely relevant stories
    /// are found and the next candidate is older than all of them and than <paramref name="olderThanDay"/>, since
    /// nothing after it can reach the first <paramref name="enough"/> places. Those places are the same as with a
    /// full ranking; only the tail is left out.
    /// </param>
    internal List<RankedStory> Rank(string topic, int enough = int.MaxValue, int olderThanDay = int.MaxValue) =>
        Order(JudgeTopic(topic, enough, olderThanDay, meaningConfirms: false).Judged);

    /// <summary>
    /// The stories the words of the topic find, each with the verdict of the part it fits best ("funding and IPOs": a
    /// story on either part answers), and each part's concepts. Each part's list is right in its first places, so the
    /// merged list is right in its first places too.
    /// </summary>
    /// <param name="meaningConfirms">See <see cref="Concepts"/>: set when the caller checks the stories' meaning.</param>
    private (List<RankedStory> Judged, List<List<Concept>> Parts) JudgeTopic(string topic, int enough, int olderThanDay, bool meaningConfirms)
    {
        var best = new Dictionary<long, RankedStory>();
        var parts = new List<List<Concept>>();
        foreach (var part in TopicParts(topic))
        {
            var (judged, concepts) = RankOne(part, enough, olderThanDay, meaningConfirms);
            parts.Add(concepts);
            // By words alone a passing mention never answers; with meaning it may, if the story is close to the question.
            if (!meaningConfirms) DropPassingMentions(judged);
            foreach (var ranked in judged)
                if (!best.TryGetValue(ranked.Indexed.Id, out var other) || (ranked.Squarely, ranked.Focus).CompareTo((other.Squarely, other.Focus)) > 0)
                    best[ranked.Indexed.Id] = ranked;
        }
        return ([.. best.Values], parts);
    }

    private (List<RankedStory> Judged, List<Concept> Concepts) RankOne(string topic, int enough, int olderThanDay, bool meaningConfirms)
    {
        var searcher = Searcher();
        var concepts = Concepts(topic, searcher, meaningConfirms);
        if (concepts.Count == 0) return ([], concepts);
        var wanted = new HashSet<int>();
        foreach (var concept in concepts) concept.Resolve(_terms, wanted);

        var query = new BooleanQuery();
        foreach (var concept in concepts)
            if (concept.Required) query.Add(ConceptQuery(concept), Occur.MUST);
        if (query.Clauses.Count == 0)
            foreach (var concept in concepts) query.Add(ConceptQuery(concept), Occur.SHOULD);
        // Every word the question names is missing from the archive: the words find nothing.
        if (concepts.All(c => c.Absent)) return ([], concepts);

        // Lucene only finds the newest matching stories; relevance is decided from where the topic
        // sits in each (Judge), so no score is computed here. For a topic found in many stories the newest
        // CandidateLimit are read slice by slice of dates, newest first, so it costs a few recent days rather
        // than the whole archive; the order (day, then document) and the cut at CandidateLimit are those of one
        // search over everything, which is what a rarer topic gets.
        var ids = MultiDocValues.GetNumericValues(searcher.IndexReader, IdValues);
        var ranked = new List<RankedStory>();
        var profile = new StoryProfile();
        var wantedIds = new bool[_terms.Count];
        foreach (var id in wanted) wantedIds[id] = true;
        int seen = 0, squarely = 0, lastSquarelyDay = int.MaxValue;
        var slices = EstimatedCandidates(searcher, concepts) > FirstSliceStories ? DaySlices() : [(null, null)];
        foreach (var (from, to) in slices)
        {
            if (squarely >= enough && to < lastSquarelyDay && to < olderThanDay) break;
            var sliced = from is null && to is null ? query
                : new BooleanQuery { { query, Occur.MUST }, { NumericRangeQuery.NewInt32Range(DayTerms, from, to, true, true), Occur.MUST } };
            var newest = new NewestFirstCollector();
            searcher.Search(sliced, newest);
            foreach (var doc in newest.Take(CandidateLimit - seen))
            {
                seen++;
                if (!_stories.TryGetValue(ids.Get(doc), out var story)) continue;
                var day = story.BriefDate.DayNumber;
                if (squarely >= enough && day < lastSquarelyDay && day < olderThanDay) return (ranked, concepts);
                var judged = Judge(story, concepts, wantedIds, profile);
                if (judged is null) continue;
                ranked.Add(judged);
                if (judged.Squarely && ++squarely <= enough) lastSquarelyDay = day;
            }
            if (seen >= CandidateLimit) break;
        }
        return (ranked, concepts);
    }

    /// <summary>
    /// Collects every match of a query with its day, then gives the newest first, ties in document order (the order
    /// of Lucene's own sorted search). Sorted search keeps a priority queue that nearly every match enters, since
    /// stories arrive oldest first; sorting the plain list once costs a fraction of that. Slicing by day keeps the
    /// list to a few thousand matches.
    /// </summary>
    private sealed class NewestFirstCollector : ICollector
    {
        /// <summary>Per match: the day inverted in the high half (newest sorts first), the document in the low half.</summary>
        private long[] _keys = new long[256];
        private int _count;
        private NumericDocValues? _days;
        private int _docBase;

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer) { }

        public void SetNextReader(AtomicReaderContext context)
        {
            _days = context.AtomicReader.GetNumericDocValues(DayValues);
            _docBase = context.DocBase;
        }

        public void Collect(int doc)
        {
            if (_count == _keys.Length) Array.Resize(ref _keys, _count * 2);
            var day = (int)_days!.Get(doc);
            _keys[_count++] = (long)(int.MaxValue - day) << 32 | (uint)(_docBase + doc);
        }

        /// <summary>The first <paramref name="max"/> documents, newest first.</summary>
        public IEnumerable<int> Take(int max)
        {
            Array.Sort(_keys, 0, _count);
            for (var i = 0; i < Math.Min(_count, max); i++) yield return (int)(_keys[i] & uint.MaxValue);
        }
    }

    /// <summary>
    /// Contiguous ranges of brief days, newest first, covering every day (the first and last open-ended): the first
    /// holds a few thousand stories, each next one four times as many.
    /// </summary>
    private IEnumerable<(int? From, int? To)> DaySlices()
    {
        _daysNewestFirst ??= [.. _byBriefDate.Where(d => d.Value.Count > 0).Select(d => (d.Key.DayNumber, d.Value.Count)).OrderByDescending(d => d.Item1)];
        int? to = null;
        int size = FirstSliceStories, inSlice = 0;
        foreach (var (day, count) in _daysNewestFirst)
        {
            inSlice += count;
            if (inSlice < size) continue;
            yield return (day, to);
            to = day - 1;
            size *= 4;
            inSlice = 0;
        }
        yield return (null, to);
    }

    private const int FirstSliceStories = 2_000;

    /// <summary>At most how many stories the candidate query matches: its rarest required concept's count (all of them when none is required).</summary>
    private static int EstimatedCandidates(IndexSearcher searcher, List<Concept> concepts)
    {
        var rarest = -1;
        foreach (var concept in concepts)
            if (concept.Required && (rarest < 0 || concept.Candidates < rarest)) rarest = concept.Candidates;
        return rarest >= 0 ? rarest : searcher.IndexReader.NumDocs;
    }

    private static Query ConceptQuery(Concept concept)
    {
        if (concept.Group >= 0) return new TermQuery(GroupTerm(concept.Group));
        var any = new BooleanQuery();
        foreach (var alternative in concept.Alternatives)
        {
            if (alternative.Units.Count == 1)
            {
                any.Add(UnitQuery(alternative.Units[0]), Occur.SHOULD);
                continue;
            }
            var all = new BooleanQuery();
            foreach (var unit in alternative.Units) all.Add(UnitQuery(unit), Occur.MUST);
            any.Add(all, Occur.SHOULD);
        }
        return any;
    }

    private static Query UnitQuery(string[] unit)
    {
        if (unit.Length == 1) return new TermQuery(new Term(AllTextField, unit[0]));
        var phrase = new PhraseQuery();
        foreach (var word in unit) phrase.Add(new Term(AllTextField, word));
        return phrase;
    }
}
