using System.Text.RegularExpressions;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Briefly.Core.Search.Semantic;
using Lucene.Net.Util;

namespace Briefly.Core.Search;

/// <summary>
/// The full-text index of stored stories, answering topic questions. It is derived data: the
/// database stays the source of truth and each host builds its own copy, so it lives in memory
/// (<see cref="RAMDirectory"/>): nothing to clean up on disk, nothing shared between hosts.
/// </summary>
/// <remarks>
/// Lucene finds candidates (the newest stories holding all of the topic's distinctive concepts);
/// the engine then checks each against its own compact analysed copy of the story to decide where
/// the topic sits (headline, lead sentence, why-it-matters, body), which decides relevance and order.
/// A memory-mapped directory would only pay off past a few million stories; at 100k stories the
/// whole index, copies included, stays under 200 MB. Thread-safe: one lock for writes and searches.
/// </remarks>
public sealed partial class StoryIndex : IDisposable
{
    private const string IdField = "id";
    private const string IdValues = "id-value";
    private const string DayValues = "day";
    private const string DayTerms = "day-terms";

    /// <summary>The catalogue groups the story names (see <see cref="ConceptTagger"/>), one untokenised term each.</summary>
    private const string ConceptField = "concept";

    /// <summary>
    /// How many of the newest matching stories are judged: enough for several pages of answers,
    /// few enough that a topic found in most stories stays cheap over a large index.
    /// </summary>
    private const int CandidateLimit = 500;

    /// <summary>Lucene finds candidates in one field holding the whole story: one posting walk per word, not one per part of the story.</summary>
    private const string AllTextField = "text";

    private readonly System.Threading.Lock gate = new();
    private readonly RAMDirectory directory = new();
    private readonly IndexWriter writer;
    private readonly StoryAnalyzer analyzer;
    private readonly TermTable terms = new();
    private readonly Dictionary<long, IndexedStory> stories = [];
    private readonly VectorIndex vectors = new();
    private readonly Dictionary<DateOnly, HashSet<long>> byBriefDate = [];
    private readonly CatalogueTerms catalogueTerms;

    /// <summary>Catalogue names that hold a separator ("bureau of industry and security"): a topic naming one is not split there.</summary>
    private readonly List<string> namesWithAnd;
    private readonly ConceptTagger tagger;
    private DirectoryReader? reader;
    private bool dirty = true;
    private List<(int Day, int Stories)>? daysNewestFirst;

    /// <summary>
    /// Corrections already worked out for the current contents: a correction depends only on the indexed words and
    /// their frequencies, so it holds until the next write, and the same slip is typed by many people.
    /// </summary>
    private readonly Dictionary<string, string?> corrections = new(StringComparer.Ordinal);

    /// <summary>
    /// Per catalogue group, its estimated frequency (see <see cref="EstimatedFrequency"/>) and how many stories carry its tag,
    /// for the current contents: like corrections they hold until the next write, and they cost a term lookup per name
    /// of the group in every segment, which for a broad group was most of a question's time.
    /// </summary>
    private readonly Dictionary<int, (int Estimated, int Tagged)> groupFrequencies = [];

    public StoryIndex(TopicCatalogue? catalogue = null)
    {
        catalogue ??= TopicCatalogue.Default;
        analyzer = new StoryAnalyzer(catalogue.Spellings);
        writer = new IndexWriter(directory, new IndexWriterConfig(StoryAnalyzer.Version, analyzer) { OpenMode = OpenMode.CREATE });
        catalogueTerms = new CatalogueTerms(catalogue, analyzer);
        namesWithAnd = [.. catalogue.Groups.SelectMany(g => g.Terms.Concat(g.Narrower))
            .Select(name => name.ToLowerInvariant()).Where(name => TopicSeparatorPattern().IsMatch(name))];
        tagger = new ConceptTagger(catalogueTerms, terms);
    }

    /// <summary>How many stories are indexed.</summary>
    public int Count { get { lock (gate) return stories.Count; } }

    /// <summary>How many of the indexed stories have a vector.</summary>
    public int VectorCount { get { lock (gate) return vectors.Count; } }

    /// <summary>The stories closest in meaning to a question's vector (unit length), closest first.</summary>
    internal List<(long Id, float Similarity)> Nearest(ReadOnlySpan<float> query, int count)
    {
        lock (gate) return vectors.Nearest(query, count);
    }

    /// <summary>Whether a story with this id is indexed.</summary>
    public bool Contains(long id) { lock (gate) return stories.ContainsKey(id); }

    /// <summary>Adds or replaces stories by id: adding the same story twice leaves one copy.</summary>
    /// <returns>
    /// How many of the stories came with a stored vector that cannot be used (damaged, or of another length than the
    /// rest): they are indexed without one and found by their words.
    /// </returns>
    public int AddOrReplace(IEnumerable<SearchableStory> batch)
    {
        var unusable = 0;
        lock (gate)
        {
            foreach (var story in batch)
            {
                if (stories.TryGetValue(story.Id, out var previous)) byBriefDate[previous.BriefDate].Remove(story.Id);
                var vector = story.Embedding is { } embedding ? StoryVectors.TryDecode(embedding) : null;
                if (vector is null || !vectors.Set(story.Id, vector))
                {
                    vectors.Remove(story.Id);
                    if (story.Embedding is not null) unusable++;
                }
                // The vector is kept once, compactly, in the vector index.
                var indexed = Analyse(story with { Embedding = null });
                stories[story.Id] = indexed;
                if (!byBriefDate.TryGetValue(story.BriefDate, out var sameDay)) byBriefDate[story.BriefDate] = sameDay = [];
                sameDay.Add(story.Id);
                writer.UpdateDocument(new Term(IdField, IdText(story.Id)), ToDocument(story, tagger.GroupsOf(indexed)));
            }
            dirty = true;
            daysNewestFirst = null;
        }
        return unusable;
    }

    public int AddOrReplace(SearchableStory story) => AddOrReplace([story]);

    /// <summary>Removes a story; unknown ids are ignored.</summary>
    public void Remove(long id)
    {
        lock (gate)
        {
            if (!stories.Remove(id, out var removed)) return;
            byBriefDate[removed.BriefDate].Remove(id);
            vectors.Remove(id);
            writer.DeleteDocuments(new Term(IdField, IdText(id)));
            dirty = true;
            daysNewestFirst = null;
        }
    }

    /// <summary>Answers a chat question: a topic, a day's brief, or a period.</summary>
    /// <param name="today">The asker's today, for "this week" and "12 May"; defaults to today in UTC.</param>
    public IReadOnlyList<StoryHit> Search(string question, int max, DateOnly? today = null) =>
        Search(TopicQuery.Parse(question), max, today ?? DateOnly.FromDateTime(DateTime.UtcNow));

    public IReadOnlyList<StoryHit> Search(TopicQuery query, int max, DateOnly today)
    {
        if (max <= 0) return [];
        var window = query.Window(today);
        lock (gate)
        {
            return query.Intent switch
            {
                QueryIntent.DateLookup when window is { } day => WholeBrief(day.From, max),
                QueryIntent.Period when window is { } period => PeriodStories(period.From, period.To, max),
                QueryIntent.Topic => SearchTopic(query.Topic, window, max),
                _ => [],
            };
        }
    }

    /// <summary>The stories of the brief of one day, in the brief's own order.</summary>
    private List<StoryHit> WholeBrief(DateOnly date, int max) =>
        OfBriefDate(date)
            .OrderBy(s => s.Position).ThenBy(s => s.Id)
            .Take(max)
            .Select(s => new StoryHit(s.Id, 0, true))
            .ToList();

    private List<StoryHit> PeriodStories(DateOnly from, DateOnly to, int max) =>
        Enumerable.Range(0, to.DayNumber - from.DayNumber + 1)
            .SelectMany(offset => OfBriefDate(from.AddDays(offset)))
            .OrderByDescending(s => s.BriefDate).ThenBy(s => s.Position).ThenBy(s => s.Id)
            .Take(max)
            .Select(s => new StoryHit(s.Id, 0, true))
            .ToList();

    private IEnumerable<IndexedStory> OfBriefDate(DateOnly date) =>
        byBriefDate.TryGetValue(date, out var ids) ? ids.Select(id => stories[id]) : [];

    private List<StoryHit> SearchTopic(string topic, (DateOnly From, DateOnly To)? window, int max)
    {
        // Only the first max stories are shown, so judging stops once they are settled (see Rank); with a window,
        // not before the window's stories, which go first, have all been seen.
        var ranked = Rank(topic, max, window?.From.DayNumber ?? int.MaxValue);
        if (window is { } w)
        {
            // A time-limited question shows the period's stories first; older ones on the topic still help, after them.
            ranked = ranked
                .OrderByDescending(r => r.Indexed.BriefDate >= w.From && r.Indexed.BriefDate <= w.To)
                .ToList();
        }
        return ranked.Take(max).Select(r => new StoryHit(r.Indexed.Id, r.Score, r.Squarely)).ToList();
    }

    /// <summary>The engine's verdicts for a topic, for diagnosis.</summary>
    internal List<RankedStory> Explain(string topic)
    {
        lock (gate) return Rank(topic);
    }

    /// <summary>For diagnosis: the catalogue groups a story is tagged with, and those judging finds it names (the two agree).</summary>
    internal (List<int> Tagged, List<int> Named) Groups(long id)
    {
        lock (gate)
        {
            var story = stories[id];
            var profile = story.Profile();
            var named = new List<int>();
            for (var group = 0; group < catalogueTerms.Count; group++)
            {
                var concept = catalogueTerms.Concept(group);
                if (concept.Background) continue;
                concept.Resolve(terms, []);
                if (concept.Matches(profile)) named.Add(group);
            }
            return (tagger.GroupsOf(story), named);
        }
    }

    /// <summary>Every story relevant to the topic, in answer order: squarely relevant ones newest first, then partial ones by relevance.</summary>
    /// <param name="enough">
    /// How many stories the caller shows: the ranking may stop judging once that many squarely relevant stories
    /// are found and the next candidate is older than all of them and than <paramref name="olderThanDay"/>, since
    /// nothing after it can reach the first <paramref name="enough"/> places. Those places are the same as with a
    /// full ranking; only the tail is left out.
    /// </param>
    internal List<RankedStory> Rank(string topic, int enough = int.MaxValue, int olderThanDay = int.MaxValue)
    {
        var parts = TopicParts(topic);
        if (parts.Count == 1) return RankOne(topic, enough, olderThanDay);
        // "funding and IPOs": a story on either part answers, judged by the part it fits best. Each part's list
        // is right in its first places, so the merged list is right in its first places too.
        var best = new Dictionary<long, RankedStory>();
        foreach (var part in parts)
            foreach (var ranked in RankOne(part, enough, olderThanDay))
                if (!best.TryGetValue(ranked.Indexed.Id, out var other) || (ranked.Squarely, ranked.Focus).CompareTo((other.Squarely, other.Focus)) > 0)
                    best[ranked.Indexed.Id] = ranked;
        return Order([.. best.Values]);
    }

    /// <summary>
    /// A topic naming several things ("funding and IPOs", "talent, visas") as its parts; one part when it names one
    /// thing, including a name that holds "and" itself ("Bureau of Industry and Security").
    /// </summary>
    internal List<string> TopicParts(string topic)
    {
        var lower = topic.ToLowerInvariant();
        if (namesWithAnd.Any(name => lower.Contains(name, StringComparison.Ordinal))) return [topic];
        var parts = TopicSeparatorPattern().Split(topic).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        return parts.Count > 1 ? parts : [topic];
    }

    [GeneratedRegex(@"\s+(?:and|&|or|plus)\s+|\s*[,;/]\s*", RegexOptions.IgnoreCase)]
    private static partial Regex TopicSeparatorPattern();

    private List<RankedStory> RankOne(string topic, int enough, int olderThanDay)
    {
        var searcher = Searcher();
        var concepts = Concepts(topic, searcher);
        if (concepts.Count == 0) return [];
        var wanted = new HashSet<int>();
        foreach (var concept in concepts) concept.Resolve(terms, wanted);

        var query = new BooleanQuery();
        foreach (var concept in concepts)
            if (concept.Required) query.Add(ConceptQuery(concept), Occur.MUST);
        if (query.Clauses.Count == 0)
            foreach (var concept in concepts) query.Add(ConceptQuery(concept), Occur.SHOULD);

        // Lucene only finds the newest matching stories; relevance is decided from where the topic
        // sits in each (Judge), so no score is computed here. For a topic found in many stories the newest
        // CandidateLimit are read slice by slice of dates, newest first, so it costs a few recent days rather
        // than the whole archive; the order (day, then document) and the cut at CandidateLimit are those of one
        // search over everything, which is what a rarer topic gets.
        var ids = MultiDocValues.GetNumericValues(searcher.IndexReader, IdValues);
        var ranked = new List<RankedStory>();
        var profile = new StoryProfile();
        var wantedIds = new bool[terms.Count];
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
                if (!stories.TryGetValue(ids.Get(doc), out var story)) continue;
                var day = story.BriefDate.DayNumber;
                if (squarely >= enough && day < lastSquarelyDay && day < olderThanDay) return Order(ranked);
                var judged = Judge(story, concepts, wantedIds, profile);
                if (judged is null) continue;
                ranked.Add(judged);
                if (judged.Squarely && ++squarely <= enough) lastSquarelyDay = day;
            }
            if (seen >= CandidateLimit) break;
        }
        return Order(ranked);
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
        private long[] keys = new long[256];
        private int count;
        private NumericDocValues? days;
        private int docBase;

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer) { }

        public void SetNextReader(AtomicReaderContext context)
        {
            days = context.AtomicReader.GetNumericDocValues(DayValues);
            docBase = context.DocBase;
        }

        public void Collect(int doc)
        {
            if (count == keys.Length) Array.Resize(ref keys, count * 2);
            var day = (int)days!.Get(doc);
            keys[count++] = (long)(int.MaxValue - day) << 32 | (uint)(docBase + doc);
        }

        /// <summary>The first <paramref name="max"/> documents, newest first.</summary>
        public IEnumerable<int> Take(int max)
        {
            Array.Sort(keys, 0, count);
            for (var i = 0; i < Math.Min(count, max); i++) yield return (int)(keys[i] & uint.MaxValue);
        }
    }

    private static List<RankedStory> Order(List<RankedStory> ranked)
    {
        // With no story squarely on the topic, only prominent mentions (title or lead) make an answer;
        // a word in passing never does, so a question about an absent topic gets nothing.
        if (!ranked.Any(r => r.Squarely)) ranked.RemoveAll(r => r.Focus <= ProminentFocus);

        return ranked
            .OrderByDescending(r => r.Squarely)
            .ThenByDescending(r => r.Squarely ? r.Indexed.BriefDate.DayNumber : 0)
            .ThenByDescending(r => r.Squarely ? 0 : r.Focus)
            .ThenByDescending(r => r.Indexed.BriefDate.DayNumber)
            .ThenBy(r => r.Indexed.Position)
            .ToList();
    }

    /// <summary>
    /// Decides whether a candidate is relevant and how squarely. Every required concept must be
    /// present (with its context, for ambiguous names); the story is squarely about the topic when
    /// the concepts carrying most of the topic's weight sit in its title or its lead sentence.
    /// </summary>
    private static RankedStory? Judge(IndexedStory indexed, List<Concept> concepts, bool[] wanted, StoryProfile profile)
    {
        indexed.Profile(wanted, profile);
        return Judge(indexed, profile, concepts);
    }

    private static RankedStory? Judge(IndexedStory indexed, StoryProfile story, List<Concept> concepts)
    {
        double total = 0, subject = 0;
        foreach (var concept in concepts)
        {
            var matches = concept.Matches(story);
            if (!matches && concept.Required) return null;
            if (matches && !concept.InContext(story)) return null;
            // Common concepts of the topic ("memory chipmakers") only help: where a story names them does not say what it is about.
            if (!concept.Required) continue;
            total += concept.Weight;
            if (!matches) continue;
            subject += concept.Weight * concept.Salience(story, indexed.CircumstantialTail);
        }
        var focus = total > 0 ? subject / total : 0;
        return new RankedStory(indexed, (float)focus, focus >= SquarelyFocus, focus);
    }

    /// <summary>
    /// Contiguous ranges of brief days, newest first, covering every day (the first and last open-ended): the first
    /// holds a few thousand stories, each next one four times as many.
    /// </summary>
    private IEnumerable<(int? From, int? To)> DaySlices()
    {
        daysNewestFirst ??= [.. byBriefDate.Where(d => d.Value.Count > 0).Select(d => (d.Key.DayNumber, d.Value.Count)).OrderByDescending(d => d.Item1)];
        int? to = null;
        int size = FirstSliceStories, inSlice = 0;
        foreach (var (day, count) in daysNewestFirst)
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

    private const double SquarelyFocus = 0.75;
    private const double ProminentFocus = 0.5;

    private IndexSearcher Searcher()
    {
        if (dirty || reader is null)
        {
            // A near-real-time reader sees the writer's changes without a commit: nothing here needs to survive a restart.
            var fresh = reader is null ? DirectoryReader.Open(writer, applyAllDeletes: true) : DirectoryReader.OpenIfChanged(reader, writer, applyAllDeletes: true) ?? reader;
            if (!ReferenceEquals(fresh, reader))
            {
                reader?.Dispose();
                corrections.Clear();
                groupFrequencies.Clear();
            }
            reader = fresh;
            dirty = false;
        }
        return new IndexSearcher(reader);
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

    /// <summary>
    /// Turns the topic into concepts: catalogue groups matched longest-first (so "huawei chips" is
    /// one concept with its aliases, not "huawei" and "chips"), other words on their own, misspelt
    /// words corrected against the index vocabulary. Background words of the beat and words common to
    /// most stories are not required, so they cannot make a story relevant on their own.
    /// </summary>
    private List<Concept> Concepts(string topic, IndexSearcher searcher)
    {
        // A topic is a few words; a pasted paragraph would only build an unanswerable query.
        var words = analyzer.Positions("title", topic).Select(p => p[0]).Take(MaxTopicWords).ToList();
        for (var i = 0; i < words.Count; i++)
            if (!catalogueTerms.Known(words[i]) && DocumentFrequency(searcher, words[i]) == 0)
                words[i] = CorrectOnce(searcher, words[i]) ?? words[i];

        var concepts = new List<Concept>();
        var groupsSeen = new HashSet<int>();
        var at = 0;
        while (at < words.Count)
        {
            var (group, length) = catalogueTerms.LongestMatch(words, at);
            if (group >= 0)
            {
                if (groupsSeen.Add(group)) concepts.Add(catalogueTerms.Concept(group));
                at += length;
                continue;
            }
            concepts.Add(new Concept([new Alternative([[words[at]]])], [], false));
            at++;
        }

        var background = concepts.Where(c => catalogueTerms.IsBackground(c)).ToList();
        var distinctive = concepts.Except(background).ToList();
        if (distinctive.Count == 0) return [];

        var n = Math.Max(1, searcher.IndexReader.NumDocs);
        foreach (var concept in distinctive)
        {
            (concept.Frequency, concept.Candidates) = Frequencies(searcher, concept);
            var df = Math.Min(n, concept.Frequency);
            concept.Weight = Math.Log(1 + (double)n / Math.Max(1, df));
            concept.Required = true;
        }
        // A word found in most stories says little about any of them; it stays required only when nothing better was
        // asked. Nor does a category of the beat beside a theme ("LLM price cuts", "chip smuggling"): the stories name the
        // theme and leave the category implied. Beside a name ("Alibaba AI chips") the category is what is asked about.
        // A catalogue topic ("US", "export controls") is what the person asked about, however often the beat names it.
        var besideThemes = distinctive.Where(c => !c.Broad).All(c => c.Group >= 0);
        var common = distinctive.Where(c => (c.Broad && besideThemes) || (c.Group < 0 && c.Frequency > CommonShare * n)).ToList();
        if (common.Count < distinctive.Count)
            foreach (var c in common) c.Required = false;
        return distinctive;
    }

    private const double CommonShare = 0.4;
    private const int MaxTopicWords = 24;

    /// <summary>
    /// A concept's estimated frequency, and how many stories its candidate query can match: for a catalogue group the
    /// stories carrying its tag (removed ones too, until Lucene merges them away), for a word of the question the estimate.
    /// </summary>
    private (int Estimated, int Candidates) Frequencies(IndexSearcher searcher, Concept concept)
    {
        if (concept.Group < 0)
        {
            var estimated = EstimatedFrequency(searcher, concept);
            return (estimated, estimated);
        }
        if (!groupFrequencies.TryGetValue(concept.Group, out var known))
            groupFrequencies[concept.Group] = known = (EstimatedFrequency(searcher, concept), searcher.IndexReader.DocFreq(GroupTerm(concept.Group)));
        return known;
    }

    /// <summary>
    /// How many stories name a concept, estimated from term statistics rather than counted (a count
    /// would run the concept's query over the whole index): the sum over its names, a phrase or a
    /// conjunction counted as its rarest word. An over-estimate, which only errs towards calling a
    /// broad concept common.
    /// </summary>
    private static int EstimatedFrequency(IndexSearcher searcher, Concept concept)
    {
        long total = 0;
        foreach (var alternative in concept.Alternatives)
            total += alternative.Units.Min(unit => unit.Min(word => DocumentFrequency(searcher, word)));
        return (int)Math.Min(int.MaxValue, total);
    }

    private static int DocumentFrequency(IndexSearcher searcher, string word) =>
        searcher.IndexReader.DocFreq(new Term(AllTextField, word));

    private string? CorrectOnce(IndexSearcher searcher, string word)
    {
        if (corrections.TryGetValue(word, out var known)) return known;
        // Bounded, so a stream of random words cannot grow it without limit between writes.
        if (corrections.Count >= MaxCorrections) corrections.Clear();
        return corrections[word] = Correct(searcher, word);
    }

    private const int MaxCorrections = 10_000;

    /// <summary>
    /// The nearest indexed word to a word the index has never seen ("deepseak" → "deepseek"):
    /// one edit up to seven letters, two from eight, same first letter; on ties the one sharing the longest start with
    /// the typed word, then the most frequent.
    /// Only unknown words are corrected, so a rare real word is never replaced by a common one.
    /// </summary>
    private static string? Correct(IndexSearcher searcher, string word)
    {
        // Short words have too many neighbours to guess from; long ones tolerate a second slip.
        if (word.Length < 5 || word.Any(char.IsDigit)) return null;
        var maxEdits = word.Length >= 8 ? 2 : 1;
        string? best = null;
        int bestEdits = int.MaxValue, bestPrefix = 0, bestFrequency = 0;
        // Lucene's automaton walks only the terms within reach instead of the whole vocabulary.
        var fuzzy = new FuzzyQuery(new Term(AllTextField, word), maxEdits, prefixLength: 1, maxExpansions: 50, transpositions: true);
        if (fuzzy.Rewrite(searcher.IndexReader) is BooleanQuery expansions)
        {
            foreach (var clause in expansions.Clauses)
            {
                if (clause.Query is not TermQuery termQuery) continue;
                var candidate = termQuery.Term.Text;
                var edits = Edits(word, candidate, maxEdits);
                if (edits > maxEdits) continue;
                var frequency = DocumentFrequency(searcher, candidate);
                // Among equally near words, the one that keeps more of what was typed before the slip ("unitre" is
                // "unitree" cut short, not "unit" with letters added), then the more frequent.
                var prefix = CommonPrefix(word, candidate);
                if ((edits, -prefix, -frequency).CompareTo((bestEdits, -bestPrefix, -bestFrequency)) < 0)
                    (best, bestEdits, bestPrefix, bestFrequency) = (candidate, edits, prefix, frequency);
            }
        }
        return best;
    }

    private static int CommonPrefix(string a, string b)
    {
        var length = 0;
        while (length < a.Length && length < b.Length && a[length] == b[length]) length++;
        return length;
    }

    /// <summary>Optimal string alignment distance (adjacent swaps count as one), stopping early past the limit.</summary>
    private static int Edits(string a, string b, int limit)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            var rowMin = int.MaxValue;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, d[i - 2, j - 2] + 1);
                d[i, j] = v;
                rowMin = Math.Min(rowMin, v);
            }
            if (rowMin > limit) return limit + 1;
        }
        return d[a.Length, b.Length];
    }

    private IndexedStory Analyse(SearchableStory story)
    {
        var (lead, body) = SplitLead(story.Summary);
        var (titleHead, titleTail) = SplitAdjunct(story.Title);
        var (leadHead, leadTail) = SplitAdjunct(lead);
        var fields = new int[IndexedStory.AllFields.Length][];
        fields[(int)StoryField.TitleHead] = terms.Intern(analyzer.Positions("title", titleHead));
        fields[(int)StoryField.TitleTail] = terms.Intern(analyzer.Positions("title", titleTail));
        fields[(int)StoryField.LeadHead] = terms.Intern(analyzer.Positions("lead", leadHead));
        fields[(int)StoryField.LeadTail] = terms.Intern(analyzer.Positions("lead", leadTail));
        fields[(int)StoryField.Body] = terms.Intern(analyzer.Positions("body", body));
        fields[(int)StoryField.Why] = terms.Intern(analyzer.Positions("why", story.WhyItMatters));
        return new IndexedStory(story, fields, CircumstancePattern().IsMatch(titleTail));
    }

    /// <summary>The summary's first sentence, where a news story states its subject, and the rest.</summary>
    internal static (string Lead, string Body) SplitLead(string summary)
    {
        var end = SentenceEndPattern().Match(summary);
        return end.Success ? (summary[..(end.Index + 1)], summary[(end.Index + 1)..].Trim()) : (summary, "");
    }

    /// <summary>
    /// Splits a headline or lead at its first trailing adjunct ("… for Doubao inference", "…, limited by
    /// HBM stockpile", "… as ByteDance lifts budget", "… with domestic HBM", "…, which will run Doubao"): what
    /// follows is a purpose, circumstance or participant, not the subject.
    /// </summary>
    internal static (string Head, string Tail) SplitAdjunct(string text)
    {
        var adjunct = AdjunctPattern().Match(text);
        return adjunct.Success && adjunct.Index > 0 ? (text[..adjunct.Index], text[adjunct.Index..]) : (text, "");
    }

    [GeneratedRegex(@"[.!?][""'\u201D\u2019)]?\s+(?=[A-Z\u201C""'0-9])")]
    private static partial Regex SentenceEndPattern();

    /// <remarks>
    /// "for" after a verb or noun that takes it ("files for Hong Kong listing", "demand for older scanners", "rules for AI
    /// agents") is that word's complement, not an adjunct, and stays in the head.
    /// </remarks>
    [GeneratedRegex(@",\s*(?:for|by|as|amid|after|despite|while|because|at|with|which|using|via)\s|(?<!\b(?:files?|filed|filing|appl(?:y|ies|ied)|bids?|call(?:s|ed)?|push(?:es|ed)?|ask(?:s|ed)?|lobb(?:y|ies|ied)|vies|compet(?:e|es|ed)|aim(?:s|ed)?|opts?|opted|qualif(?:y|ies|ied)|register(?:s|ed)?|prepar(?:e|es|ed)|head(?:s|ed)?|gear(?:s|ed)?|brac(?:e|es|ed)|demand|appetite|race|hunt|search|needs?|plans?|support|approvals?|licen[cs]es?|orders?|rules?|standards?|guidelines?))\sfor\s|\s(?:by|as|amid|after|despite|while|because|at|with|which|using|via)\s", RegexOptions.IgnoreCase)]
    private static partial Regex AdjunctPattern();

    [GeneratedRegex(@"(?:^|,|\s)\s*(?:as|amid|after|despite|while|because)\s", RegexOptions.IgnoreCase)]
    private static partial Regex CircumstancePattern();

    private static Document ToDocument(SearchableStory story, List<int> groups)
    {
        var document = new Document
        {
            new StringField(IdField, IdText(story.Id), Field.Store.NO),
            new NumericDocValuesField(IdValues, story.Id),
            new NumericDocValuesField(DayValues, story.BriefDate.DayNumber),
            new Int32Field(DayTerms, story.BriefDate.DayNumber, Field.Store.NO),
            new TextField(AllTextField, string.Join("\n", story.Title, story.Summary, story.WhyItMatters), Field.Store.NO),
        };
        foreach (var group in groups) document.Add(new StringField(ConceptField, GroupText(group), Field.Store.NO));
        return document;
    }

    private static string IdText(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string GroupText(int group) => group.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Term GroupTerm(int group) => new(ConceptField, GroupText(group));

    public void Dispose()
    {
        lock (gate)
        {
            reader?.Dispose();
            writer.Dispose();
            directory.Dispose();
            analyzer.Dispose();
        }
    }
}

/// <summary>The parts of a story the engine tells apart, strongest evidence of its subject first.</summary>
internal enum StoryField { TitleHead, LeadHead, TitleTail, LeadTail, Body, Why }

/// <summary>A story with the engine's verdict: relevance score and whether it is squarely on the topic.</summary>
internal sealed record RankedStory(IndexedStory Indexed, float Score, bool Squarely, double Focus)
{
    /// <summary>The story as it was indexed (rebuilt on each read: ranking itself uses <see cref="Indexed"/>).</summary>
    public SearchableStory Story => Indexed.Story;
}
