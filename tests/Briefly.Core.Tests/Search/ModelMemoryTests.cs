using Briefly.Core.Search.Semantic;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Briefly.Core.Tests.Search;

/// <summary>The embedding model is in memory only while it is used: checked at start, loaded on use, released when idle.</summary>
public sealed class ModelMemoryTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
    private readonly CountingModel _model = new();

    [Fact]
    public void The_start_check_runs_the_model_and_releases_it()
    {
        var embeddings = Embeddings(TimeSpan.FromMinutes(5));

        embeddings.Check();

        Assert.Equal((1, 1), (_model.Loads, _model.Unloads));
        Assert.Equal(SemanticState.Ready, embeddings.State);
        Assert.False(embeddings.Loaded);
    }

    [Fact]
    public void The_model_loads_on_use_stays_while_used_and_is_released_after_the_idle_time()
    {
        var embeddings = Embeddings(TimeSpan.FromMinutes(5));
        embeddings.Check();

        Assert.NotNull(embeddings.EmbedQuery("latest on Huawei chips"));
        Assert.True(embeddings.Loaded);
        _time.Advance(TimeSpan.FromMinutes(4));
        embeddings.EmbedStories(["A story stored four minutes later"], CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(4));
        embeddings.ReleaseIfIdle();
        Assert.True(embeddings.Loaded);
        Assert.Equal(1, _model.Unloads);

        _time.Advance(TimeSpan.FromMinutes(1));
        embeddings.ReleaseIfIdle();
        Assert.False(embeddings.Loaded);
        Assert.Equal(2, _model.Unloads);

        // A repeated question needs no model; a new one loads it again.
        Assert.NotNull(embeddings.EmbedQuery("latest on Huawei chips"));
        Assert.False(embeddings.Loaded);
        Assert.NotNull(embeddings.EmbedQuery("what's new with DeepSeek?"));
        Assert.Equal((3, true), (_model.Loads, embeddings.Loaded));
    }

    [Fact]
    public void With_no_idle_time_the_model_stays_loaded_from_the_start_check_on()
    {
        var embeddings = Embeddings(TimeSpan.Zero);

        embeddings.Check();
        _time.Advance(TimeSpan.FromDays(1));
        embeddings.ReleaseIfIdle();

        Assert.Equal((1, 0, true), (_model.Loads, _model.Unloads, embeddings.Loaded));
    }

    [Fact]
    public void A_model_that_cannot_load_is_reported_by_the_start_check_and_never_released()
    {
        var embeddings = new StoryEmbeddings(new BrokenModel(), NullLogger<StoryEmbeddings>.Instance, _time) { KeepLoaded = TimeSpan.FromMinutes(5) };

        embeddings.Check();
        _time.Advance(TimeSpan.FromMinutes(10));
        embeddings.ReleaseIfIdle();

        Assert.Equal(SemanticState.Unavailable, embeddings.State);
        Assert.Null(embeddings.EmbedQuery("anything"));
    }

    [Fact]
    public void A_negative_idle_time_fails_start_naming_the_setting()
    {
        var result = new SearchOptionsValidator().Validate(null, new SearchOptions { ModelIdleMinutes = -1 });

        Assert.True(result.Failed);
        Assert.Contains("Search:ModelIdleMinutes is -1", result.FailureMessage);
        Assert.True(new SearchOptionsValidator().Validate(null, new SearchOptions { ModelIdleMinutes = 0 }).Succeeded);
    }

    private StoryEmbeddings Embeddings(TimeSpan keepLoaded) =>
        new(_model, NullLogger<StoryEmbeddings>.Instance, _time) { KeepLoaded = keepLoaded };

    /// <summary>Counts how often the model is loaded and released; its vectors are a fixed unit vector.</summary>
    private sealed class CountingModel : ITextEmbedder
    {
        private bool _loaded;

        public int Loads { get; private set; }

        public int Unloads { get; private set; }

        public string ModelId => "counting-model";

        public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            if (!_loaded) Loads++;
            _loaded = true;
            return [.. texts.Select(_ => new float[] { 1, 0, 0 })];
        }

        public void Unload()
        {
            if (!_loaded) return;
            _loaded = false;
            Unloads++;
        }
    }

    private sealed class BrokenModel : ITextEmbedder
    {
        public string ModelId => "broken-model";

        public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
            throw new EmbeddingUnavailableException("broken-model did not load: the file is damaged");

        public void Unload() => throw new InvalidOperationException("nothing was loaded");
    }
}
