namespace Briefly.Core.Search.Semantic;

/// <summary>The <c>Search</c> section.</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>The value of <see cref="EmbeddingModel"/> that turns semantic search off: answers are lexical only.</summary>
    public const string NoModel = "none";

    /// <summary>The sentence-embedding model stories and questions are embedded with, or <see cref="NoModel"/>.</summary>
    public string EmbeddingModel { get; set; } = "all-MiniLM-L6-v2";
}
