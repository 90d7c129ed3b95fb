using System.Collections.Concurrent;
using System.Text.Json;
using Briefly.Core.Briefs;
using Briefly.Core.Search;
using Briefly.Core.Search.Semantic;

namespace Briefly.Core.Tests.Search;

/// <summary>
/// A folder of briefs with labelled questions (the layout of ../shared/corpora/dev), parsed with the product's parser
/// and indexed, with each story's key ("brief-2026-05-12.txt#1").
/// </summary>
public sealed class LabelledCorpus : IDisposable
{
    private readonly string _folder;

    /// <summary>The dev set, which the engine's method was developed on.</summary>
    public static LabelledCorpus Dev(TopicCatalogue? catalogue = null) => new(SharedFiles.DevCorpus, catalogue);

    /// <summary>
    /// A set in tests/corpora written for the project in the dev set's format by a session that never saw the engine:
    /// practice (June briefs), check (July), final (August), september, october.
    /// </summary>
    public static LabelledCorpus Written(string name, TopicCatalogue? catalogue = null) => new(RepositoryFiles.Path("tests", "corpora", name), catalogue);

    /// <summary>The dev set and the five written sets the method was developed on (not the held-out november and biotech).</summary>
    public static TheoryData<string> SeenSets { get; } = ["dev", "practice", "check", "final", "september", "october"];

    /// <summary>A set of <see cref="SeenSets"/> by name.</summary>
    public static LabelledCorpus Named(string set, TopicCatalogue? catalogue = null) =>
        set == "dev" ? Dev(catalogue) : Written(set, catalogue);

    /// <summary>
    /// The stories' vectors per folder, embedded once per test run with the model the host runs, as ingest stores them:
    /// answers are judged as the bot gives them, by words and meaning.
    /// </summary>
    private static readonly ConcurrentDictionary<string, IReadOnlyList<byte[]>> Vectors = new();

    public StoryIndex Index { get; }

    /// <summary>The corpora resolve relative time ("this week") against their newest brief.</summary>
    public DateOnly AsOf { get; }

    public IReadOnlyDictionary<long, string> KeyOf { get; }

    public IReadOnlyDictionary<string, SearchableStory> Stories { get; }

    private LabelledCorpus(string folder, TopicCatalogue? catalogue)
    {
        _folder = folder;
        Index = new StoryIndex(catalogue, SemanticSearch.MiniLm);
        var keys = new Dictionary<long, string>();
        var stories = new Dictionary<string, SearchableStory>();
        long briefId = 0, storyId = 0;
        foreach (var path in Directory.GetFiles(folder, "brief-*.txt").Order(StringComparer.Ordinal))
        {
            var result = BriefParser.Parse(File.ReadAllText(path));
            var brief = result.Brief ?? throw new InvalidDataException($"{path}: {string.Join("; ", result.Errors.Select(e => e.Message))}");
            briefId++;
            if (brief.Date > AsOf) AsOf = brief.Date;
            for (var i = 0; i < brief.Stories.Count; i++)
            {
                var s = brief.Stories[i];
                var story = new SearchableStory(++storyId, briefId, brief.Date, i + 1, s.Title, s.Source, s.Date, s.Summary, s.WhyItMatters);
                var key = $"{Path.GetFileName(path)}#{i + 1}";
                keys[story.Id] = key;
                stories[key] = story;
            }
        }
        var ordered = stories.Values.OrderBy(s => s.Id).ToList();
        var vectors = Vectors.GetOrAdd(folder, _ =>
            SemanticSearch.MiniLm.EmbedStories([.. ordered.Select(s => StoryVectors.TextOf(s.Title, s.Summary))], default)
            ?? throw new InvalidOperationException("The embedding model did not load."));
        Index.AddOrReplace(ordered.Select((s, i) => s with { Embedding = vectors[i], EmbeddingModel = SemanticSearch.MiniLm.ModelId }));
        KeyOf = keys;
        Stories = stories;
    }

    public IReadOnlyList<LabelledQuery> Queries()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "queries.json")));
        return json.RootElement.EnumerateArray().Select(q => new LabelledQuery(
                q.GetProperty("id").GetString()!,
                q.GetProperty("query").GetString()!,
                q.GetProperty("relevant").EnumerateArray().ToDictionary(r => r.GetProperty("story").GetString()!, r => r.GetProperty("grade").GetInt32()),
                q.GetProperty("latest").ValueKind == JsonValueKind.Null ? null : q.GetProperty("latest").GetString()))
            .ToList();
    }

    public void Dispose() => Index.Dispose();
}

/// <param name="Grades">Story key → grade (1 partial, 2 squarely); absent stories are grade 0.</param>
/// <param name="Latest">The story a "latest on" answer must show first; null for no-match and date lookups.</param>
public sealed record LabelledQuery(string Id, string Query, IReadOnlyDictionary<string, int> Grades, string? Latest);
