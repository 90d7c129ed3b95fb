using System.Text.RegularExpressions;
using Briefly.Core.Search.Semantic;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
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

    private readonly System.Threading.Lock _gate = new();
    private readonly RAMDirectory _directory = new();
    private readonly IndexWriter _writer;
    private readonly StoryAnalyzer _analyzer;
    private readonly TermTable _terms = new();
    private readonly Dictionary<long, IndexedStory> _stories = [];
    private readonly VectorIndex _vectors = new();
    private readonly Dictionary<DateOnly, HashSet<long>> _byBriefDate = [];
    private readonly CatalogueTerms _catalogueTerms;

    /// <summary>Catalogue names that hold a separator ("bureau of industry and security"): a topic naming one is not split there.</summary>
    private readonly List<string> _namesWithAnd;
    private readonly ConceptTagger _tagger;

    /// <summary>The analysed forms of <see cref="QuestionWordList"/>.</summary>
    private readonly HashSet<string> _questionWords;
    private DirectoryReader? _reader;
    private bool _dirty = true;
    private List<(int Day, int Stories)>? _daysNewestFirst;

    /// <summary>
    /// Corrections already worked out for the current contents: a correction depends only on the indexed words and
    /// their frequencies, so it holds until the next write, and the same slip is typed by many people.
    /// </summary>
    private readonly Dictionary<string, string?> _corrections = new(StringComparer.Ordinal);

    /// <summary>
    /// Per catalogue group, its estimated frequency (see <see cref="EstimatedFrequency"/>) and how many stories carry its tag,
    /// for the current contents: like corrections they hold until the next write, and they cost a term lookup per name
    /// of the group in every segment, which for a broad group was most of a question's time.
    /// </summary>
    private readonly Dictionary<int, (int Estimated, int Tagged)> _groupFrequencies = [];

    /// <summary>Embeds questions, so answers use meaning as well as words; null or off, answers are lexical.</summary>
    private readonly StoryEmbeddings? _embeddings;

    public StoryIndex(TopicCatalogue? catalogue = null, StoryEmbeddings? embeddings = null)
    {
        _embeddings = embeddings;
        catalogue ??= TopicCatalogue.Default;
        Catalogue = catalogue;
        _analyzer = new StoryAnalyzer(catalogue.Spellings);
        _writer = new IndexWriter(_directory, new IndexWriterConfig(StoryAnalyzer.Version, _analyzer) { OpenMode = OpenMode.CREATE });
        _catalogueTerms = new CatalogueTerms(catalogue, _analyzer);
        _namesWithAnd = [.. catalogue.Groups.SelectMany(g => g.Terms.Concat(g.Narrower))
            .Select(name => name.ToLowerInvariant()).Where(name => TopicSeparatorPattern().IsMatch(name))];
        _tagger = new ConceptTagger(_catalogueTerms, _terms);
        _questionWords = [.. _analyzer.Terms("title", QuestionWordList)];
    }

    /// <summary>The beat's catalogue the index reads topics with (<c>Search:Catalogue</c>).</summary>
    public TopicCatalogue Catalogue { get; }

    /// <summary>How many stories are indexed.</summary>
    public int Count { get { lock (_gate) return _stories.Count; } }

    /// <summary>How many of the indexed stories have a vector.</summary>
    public int VectorCount { get { lock (_gate) return _vectors.Count; } }

    /// <summary>The stories closest in meaning to a question's vector (unit length), closest first.</summary>
    internal List<(long Id, float Similarity)> Nearest(ReadOnlySpan<float> query, int count)
    {
        lock (_gate) return _vectors.Nearest(query, count);
    }

    /// <summary>Whether a story with this id is indexed.</summary>
    public bool Contains(long id) { lock (_gate) return _stories.ContainsKey(id); }

    /// <summary>Adds or replaces stories by id: adding the same story twice leaves one copy.</summary>
    /// <returns>
    /// How many of the stories came with a stored vector that cannot be used (damaged, or of another length than the
    /// rest): they are indexed without one and found by their words.
    /// </returns>
    public int AddOrReplace(IEnumerable<SearchableStory> batch)
    {
        var unusable = 0;
        lock (_gate)
        {
            foreach (var story in batch)
            {
                if (_stories.TryGetValue(story.Id, out var previous)) _byBriefDate[previous.BriefDate].Remove(story.Id);
                var vector = story.Embedding is { } embedding ? StoryVectors.TryDecode(embedding) : null;
                if (vector is null || !_vectors.Set(story.Id, vector))
                {
                    _vectors.Remove(story.Id);
                    if (story.Embedding is not null) unusable++;
                }
                // The vector is kept once, compactly, in the vector index.
                var indexed = Analyse(story with { Embedding = null });
                _stories[story.Id] = indexed;
                if (!_byBriefDate.TryGetValue(story.BriefDate, out var sameDay)) _byBriefDate[story.BriefDate] = sameDay = [];
                sameDay.Add(story.Id);
                _writer.UpdateDocument(new Term(IdField, IdText(story.Id)), ToDocument(story, _tagger.GroupsOf(indexed)));
            }
            _dirty = true;
            _daysNewestFirst = null;
        }
        return unusable;
    }

    public int AddOrReplace(SearchableStory story) => AddOrReplace([story]);

    /// <summary>Removes a story; unknown ids are ignored.</summary>
    public void Remove(long id)
    {
        lock (_gate)
        {
            if (!_stories.Remove(id, out var removed)) return;
            _byBriefDate[removed.BriefDate].Remove(id);
            _vectors.Remove(id);
            _writer.DeleteDocuments(new Term(IdField, IdText(id)));
            _dirty = true;
            _daysNewestFirst = null;
        }
    }

    /// <summary>Answers a chat question: a topic, a day's brief, or a period.</summary>
    /// <param name="today">The asker's today, for "this week" and "12 May"; defaults to today in UTC.</param>
    public IReadOnlyList<StoryHit> Search(string question, int max, DateOnly? today = null) =>
        Search(TopicQuery.Parse(question), max, today ?? DateOnly.FromDateTime(DateTime.UtcNow));

    /// <param name="explain">Whether each topic answer's hit carries <see cref="StoryHit.Why"/>.</param>
    public IReadOnlyList<StoryHit> Search(TopicQuery query, int max, DateOnly today, bool explain = false)
    {
        if (max <= 0) return [];
        var window = query.Window(today);
        // Embedding the question takes milliseconds: done before taking the index's lock, so other questions are not held up.
        var question = query.Intent == QueryIntent.Topic ? QuestionVector(query.Topic) : null;
        lock (_gate)
        {
            return query.Intent switch
            {
                QueryIntent.DateLookup when window is { } day => WholeBrief(day.From, max),
                QueryIntent.Period when window is { } period => PeriodStories(period.From, period.To, max),
                QueryIntent.Topic => SearchTopic(query.Topic, window, max, question, explain),
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
        _byBriefDate.TryGetValue(date, out var ids) ? ids.Select(id => _stories[id]) : [];

    /// <summary>The question's vector when answers can use meaning: a model is ready and some stories have vectors.</summary>
    private float[]? QuestionVector(string topic) => CanUseMeaning() ? _embeddings!.EmbedQuery(topic) : null;

    private bool CanUseMeaning() => _embeddings is { State: not (SemanticState.Off or SemanticState.Unavailable) } && VectorCount > 0;

    private List<StoryHit> SearchTopic(string topic, (DateOnly From, DateOnly To)? window, int max, float[]? question, bool explain)
    {
        // Only the first max stories are shown, so judging stops once they are settled (see Rank); with a window,
        // not before the window's stories, which go first, have all been seen.
        var olderThanDay = window?.From.DayNumber ?? int.MaxValue;
        var ranked = question is null ? Rank(topic, max, olderThanDay) : RankByWordsAndMeaning(topic, question, max, olderThanDay);
        if (window is { } w)
        {
            // A time-limited question shows the period's stories first; older ones on the topic still help, after them.
            ranked = ranked
                .OrderByDescending(r => r.Indexed.BriefDate >= w.From && r.Indexed.BriefDate <= w.To)
                .ToList();
        }
        if (question is not null && ranked.Count > 0 && ranked.Count < max) ranked.AddRange(Related(topic, question, ranked));
        return ranked.Take(max)
            .Select(r => new StoryHit(r.Indexed.Id, r.Score, r.Squarely) { Why = explain ? Why(topic, r) : null, Related = r.Related })
            .ToList();
    }

    private StoryWhy Why(string topic, RankedStory ranked)
    {
        var vocabulary = ranked.Indexed.Vocabulary();
        var words = _analyzer.Positions("title", topic).Select(p => p[0])
            .Where(word => !_questionWords.Contains(word) && _terms.TryGet(word, out var id) && vocabulary.Contains(id))
            .Distinct().ToList();
        var foundBy = !ranked.ByMeaning && !ranked.Related ? (ranked.Meaning is null ? "words" : "words and meaning") : ranked.Related ? "words and meaning" : "meaning";
        return new StoryWhy(ranked.Squarely ? "squarely" : ranked.Related ? "related" : "partly", foundBy, words, ranked.Meaning, Math.Round(ranked.Focus, 3));
    }

    /// <summary>The engine's verdicts for a topic, every one, as answers rank them (by words and meaning when it can).</summary>
    internal List<RankedStory> Explain(string topic)
    {
        var question = QuestionVector(topic);
        lock (_gate) return question is null ? Rank(topic) : RankByWordsAndMeaning(topic, question, int.MaxValue, int.MaxValue);
    }

    /// <summary>For diagnosis: the catalogue groups a story is tagged with, and those judging finds it names (the two agree).</summary>
    internal (List<int> Tagged, List<int> Named) Groups(long id)
    {
        lock (_gate)
        {
            var story = _stories[id];
            var profile = story.Profile();
            var named = new List<int>();
            for (var group = 0; group < _catalogueTerms.Count; group++)
            {
                var concept = _catalogueTerms.Concept(group);
                if (concept.Background) continue;
                concept.Resolve(_terms, []);
                if (concept.Matches(profile)) named.Add(group);
            }
            return (_tagger.GroupsOf(story), named);
        }
    }

    private IndexSearcher Searcher()
    {
        if (_dirty || _reader is null)
        {
            // A near-real-time reader sees the writer's changes without a commit: nothing here needs to survive a restart.
            var fresh = _reader is null ? DirectoryReader.Open(_writer, applyAllDeletes: true) : DirectoryReader.OpenIfChanged(_reader, _writer, applyAllDeletes: true) ?? _reader;
            if (!ReferenceEquals(fresh, _reader))
            {
                _reader?.Dispose();
                _corrections.Clear();
                _groupFrequencies.Clear();
            }
            _reader = fresh;
            _dirty = false;
        }
        return new IndexSearcher(_reader);
    }

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
        lock (_gate)
        {
            _reader?.Dispose();
            _writer.Dispose();
            _directory.Dispose();
            _analyzer.Dispose();
        }
    }
}

/// <summary>The parts of a story the engine tells apart, strongest evidence of its subject first.</summary>
internal enum StoryField { TitleHead, LeadHead, TitleTail, LeadTail, Body, Why }

/// <summary>A story with the engine's verdict: relevance score and whether it is squarely on the topic.</summary>
internal sealed record RankedStory(IndexedStory Indexed, float Score, bool Squarely, double Focus)
{
    /// <summary>Cosine similarity of the story's vector with the question's; null when either has none.</summary>
    public float? Meaning { get; init; }

    /// <summary>Found by meaning, not by the question's words (it names some of them, or is very close in meaning).</summary>
    public bool ByMeaning { get; init; }

    /// <summary>Not on the topic by the verdicts, but near the question both by its words and by its meaning (see <see cref="StoryIndex"/>'s Related).</summary>
    public bool Related { get; init; }

    /// <summary>The story as it was indexed (rebuilt on each read: ranking itself uses <see cref="Indexed"/>).</summary>
    public SearchableStory Story => Indexed.Story;
}
