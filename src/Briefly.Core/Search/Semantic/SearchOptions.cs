using Microsoft.Extensions.Options;

namespace Briefly.Core.Search.Semantic;

/// <summary>The <c>Search</c> section.</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>The value of <see cref="EmbeddingModel"/> that turns semantic search off: answers are lexical only.</summary>
    public const string NoModel = "none";

    /// <summary>The sentence-embedding model stories and questions are embedded with, or <see cref="NoModel"/>.</summary>
    public string EmbeddingModel { get; set; } = "all-MiniLM-L6-v2";

    /// <summary>The value of <see cref="Catalogue"/> for no catalogue: the engine reads every beat from words and meaning alone.</summary>
    public const string NoCatalogue = "none";

    /// <summary>
    /// The beat's topic catalogue (aliases, spellings, background words; the format of the built-in
    /// <c>topic-aliases.json</c>): empty for the built-in one (China's AI and chip industry), <see cref="NoCatalogue"/> for
    /// none, or the path of a file a deployment writes for its own beat.
    /// </summary>
    public string Catalogue { get; set; } = "";
}

/// <summary>Fails start on a <c>Search:Catalogue</c> file that is missing or not a catalogue, naming the file and line.</summary>
internal sealed class CatalogueValidator : IValidateOptions<SearchOptions>
{
    public ValidateOptionsResult Validate(string? name, SearchOptions options)
    {
        try
        {
            _ = TopicCatalogue.Load(options.Catalogue);
            return ValidateOptionsResult.Success;
        }
        catch (InvalidDataException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
