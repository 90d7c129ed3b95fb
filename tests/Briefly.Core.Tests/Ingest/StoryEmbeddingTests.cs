using Briefly.Core.Briefs;
using Briefly.Core.Search;
using Briefly.Core.Search.Semantic;
using Briefly.Core.Tests.Search;
using Briefly.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Briefly.Core.Tests.Ingest;

/// <summary>Vectors are computed once, when a story is stored, by the real model, and stored with the model's id.</summary>
public class StoryEmbeddingTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_story_is_stored_with_its_vector_and_the_model_that_made_it(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var seed = BriefIngestorTests.ParseSeed();

        var outcome = await IngestAsync(database, seed, SemanticSearch.MiniLm);

        Assert.Equal(seed.Stories.Count, outcome.Embedded);
        await using var db = database.CreateContext();
        var stories = await db.Stories.OrderBy(s => s.Position).ToListAsync();
        Assert.All(stories, s => Assert.Equal(MiniLmIdAndBytes, (s.EmbeddingModel, s.Embedding!.Length)));
        // The stored vector is the story's headline and summary, as a question about it is embedded.
        var expected = SemanticSearch.MiniLm.EmbedQuery(StoryVectors.TextOf(stories[0].Title, stories[0].Summary))!;
        Assert.True(Dot(StoryVectors.Decode(stories[0].Embedding), expected) > 0.999f);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reworded_story_is_embedded_again_and_an_unchanged_one_is_not(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var seed = BriefIngestorTests.ParseSeed();
        await IngestAsync(database, seed, SemanticSearch.MiniLm);
        var before = await VectorsAsync(database);

        // A new citation changes the brief but not what the story says; a new summary changes what it says.
        var corrected = seed with
        {
            Stories =
            [
                seed.Stories[0] with { Summary = "Regulators in Brussels opened an inquiry into cloud pricing." },
                seed.Stories[1] with { Citations = [.. seed.Stories[1].Citations, "https://example.test/more"] },
                .. seed.Stories.Skip(2),
            ],
        };
        var outcome = await IngestAsync(database, corrected, SemanticSearch.MiniLm);

        Assert.Equal(IngestStatus.Updated, outcome.Status);
        Assert.Equal(1, outcome.Embedded);
        var after = await VectorsAsync(database);
        Assert.NotEqual(before[0], after[0]);
        Assert.Equal(before.Skip(1), after.Skip(1));
    }

    [Fact]
    public async Task Without_a_working_model_stories_are_stored_without_vectors_and_one_warning_says_so()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var logs = new CollectingLogger();
        var broken = new StoryEmbeddings(new MissingModel(), logs);

        var first = await IngestAsync(database, BriefIngestorTests.ParseSeed(), broken);
        var second = await IngestAsync(database, BriefIngestorTests.ParseSeed() with { Title = "Another brief" }, broken);

        Assert.Equal((IngestStatus.Created, 0), (first.Status, first.Embedded));
        Assert.Equal((IngestStatus.Created, 0), (second.Status, second.Embedded));
        await using var db = database.CreateContext();
        Assert.False(await db.Stories.AnyAsync(s => s.Embedding != null || s.EmbeddingModel != null));
        Assert.Equal(SemanticState.Unavailable, broken.State);
        Assert.Contains("no model file", broken.Problem);
        var warning = Assert.Single(logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains("lexical only", warning.Message);
    }

    [Fact]
    public async Task A_model_that_fails_on_one_brief_leaves_that_brief_without_vectors_and_embeds_the_next()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var logs = new CollectingLogger();
        var model = new StoryEmbeddings(new ModelFailingOn("Brussels"), logs);
        var seed = BriefIngestorTests.ParseSeed();

        var first = await IngestAsync(database, seed, model);
        var failed = await IngestAsync(database, seed with { Title = "Second", Stories = [seed.Stories[0] with { Summary = "Brussels opened an inquiry." }] }, model);
        var third = await IngestAsync(database, seed with { Title = "Third" }, model);

        Assert.Equal((seed.Stories.Count, 0, seed.Stories.Count), (first.Embedded, failed.Embedded, third.Embedded));
        Assert.Equal(SemanticState.Ready, model.State);
        await using var db = database.CreateContext();
        Assert.Null((await db.Stories.SingleAsync(s => s.BriefId == failed.BriefId)).Embedding);
        var warning = Assert.Single(logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains("failed on 1 texts", warning.Message);
    }

    [Fact]
    public void Damaged_or_mismatched_stored_vectors_leave_their_stories_to_be_found_by_words()
    {
        using var index = new StoryIndex();
        var day = new DateOnly(2026, 12, 4);
        SearchableStory Story(long id, byte[]? embedding) =>
            new(id, 1, day, (int)id, $"Story {id} on grid batteries", "Wire", day, "Storage prices fell.", "It matters.", embedding, "all-MiniLM-L6-v2");
        var good = StoryVectors.Encode(Enumerable.Repeat(1f, 384).ToArray());

        var unusable = index.AddOrReplace(
        [
            Story(1, good),
            Story(2, [1, 2, 3]),                                                  // not whole half floats
            Story(3, new byte[768]),                                              // all zero: no direction
            Story(4, StoryVectors.Encode(Enumerable.Repeat(1f, 512).ToArray())),  // another model's length
            Story(5, null),
        ]);

        Assert.Equal(3, unusable);
        Assert.Equal((5, 1), (index.Count, index.VectorCount));
        Assert.Equal(5, index.Search("grid batteries", 10, day).Count);
    }

    [Fact]
    public async Task The_index_takes_the_stored_vectors_of_the_current_model_only()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await IngestAsync(database, BriefIngestorTests.ParseSeed(), SemanticSearch.MiniLm);
        await using (var db = database.CreateContext())
        {
            // One story's vector was made by a model this host does not run: it must not be compared with questions.
            var other = await db.Stories.OrderBy(s => s.Id).FirstAsync();
            other.EmbeddingModel = "some-other-model";
            await db.SaveChangesAsync();
        }

        using var index = new StoryIndex();
        var services = new ServiceCollection().AddScoped(_ => database.CreateContext()).BuildServiceProvider();
        var sync = new StoryIndexSync(index, SemanticSearch.MiniLm, services.GetRequiredService<IServiceScopeFactory>(), NullLogger<StoryIndexSync>.Instance);
        await sync.RefreshAsync(CancellationToken.None);

        Assert.Equal(BriefIngestorTests.ParseSeed().Stories.Count, index.Count);
        Assert.Equal(index.Count - 1, index.VectorCount);
    }

    private static readonly (string?, int) MiniLmIdAndBytes = ("all-MiniLM-L6-v2", 384 * 2);

    private static float Dot(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.Dot<float>(a, b);

    private static async Task<List<byte[]>> VectorsAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.Stories.OrderBy(s => s.Position).Select(s => s.Embedding!).ToListAsync();
    }

    private async Task<IngestOutcome> IngestAsync(TestDatabase database, BriefDocument brief, StoryEmbeddings embeddings)
    {
        await using var db = database.CreateContext();
        var ingestor = new BriefIngestor(db, embeddings, Options.Create(new IngestOptions()), _time, NullLogger<BriefIngestor>.Instance);
        return await ingestor.IngestAsync(brief, "test", BriefOwner.CommandLine, CancellationToken.None);
    }

    /// <summary>A model whose files are not there: loading fails as a missing or corrupt model file does.</summary>
    private sealed class MissingModel : ITextEmbedder
    {
        public string ModelId => "missing-model";

        public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
            throw new EmbeddingUnavailableException("missing-model did not load: no model file at /nonexistent/model.onnx");

        public void Unload() { }
    }

    /// <summary>A model that loads and works, except on texts holding one word, as a runtime fault on odd input would.</summary>
    private sealed class ModelFailingOn(string word) : ITextEmbedder
    {
        public string ModelId => "all-MiniLM-L6-v2";

        public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
            texts.Any(t => t.Contains(word, StringComparison.Ordinal))
                ? throw new InvalidOperationException("ONNX Runtime: input shape rejected")
                : SemanticSearch.MiniLm.EmbedStories(texts, cancellationToken)!.Select(v => StoryVectors.Decode(v)).ToList();

        public void Unload() { }
    }

    private sealed class CollectingLogger : ILogger<StoryEmbeddings>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
