using BenchmarkDotNet.Attributes;
using Briefly.Core.Search.Semantic;
using Briefly.Embeddings;
using Microsoft.Extensions.Logging.Abstractions;

namespace Briefly.Benchmarks;

/// <summary>
/// What computing each story's vector adds to an ingest: 50 briefs (260 stories) stored by a host running
/// all-MiniLM-L6-v2, beside the same ingest without a model and plain EF inserts (the inherited cases, same run).
/// (IngestWithEmbeddings − Ingest) / 260 is the embedding cost per story.
/// </summary>
public class EmbeddingIngestBenchmarks : IngestBenchmarks
{
    /// <summary>Loaded once per process: the warm-up iteration pays for the model's two seconds, no measured one.</summary>
    private static readonly Lazy<StoryEmbeddings> Model = new(() => new StoryEmbeddings(new MiniLmEmbedder(), NullLogger<StoryEmbeddings>.Instance));

    protected override int Briefs => 50;

    [Benchmark]
    public Task IngestWithEmbeddings() => IngestAllAsync(Model.Value);
}
