using Briefly.Core.Search.Semantic;
using Briefly.Embeddings;
using Microsoft.Extensions.Logging.Abstractions;

namespace Briefly.Core.Tests.Search;

/// <summary>The embedding model as the host runs it, loaded once per test run (it takes seconds and hundreds of MB).</summary>
public static class SemanticSearch
{
    private static readonly Lazy<StoryEmbeddings> Model = new(() => new StoryEmbeddings(new MiniLmEmbedder(), NullLogger<StoryEmbeddings>.Instance));

    /// <summary>all-MiniLM-L6-v2, shared by the tests that need real vectors.</summary>
    public static StoryEmbeddings MiniLm => Model.Value;

    /// <summary>No model configured (<c>Search:EmbeddingModel=none</c>): stories are stored and found by their words alone.</summary>
    public static StoryEmbeddings Off { get; } = new(null, NullLogger<StoryEmbeddings>.Instance);
}
