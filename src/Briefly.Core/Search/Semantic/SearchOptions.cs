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

    /// <summary>Long enough for a conversation's questions to share one load, short enough to give the memory back soon after.</summary>
    public const int DefaultModelIdleMinutes = 5;

    /// <summary>
    /// How many minutes the embedding model stays in memory after it was last used (it loads again in a fifth of a second);
    /// 0 keeps it loaded from its first use on.
    /// </summary>
    public int ModelIdleMinutes { get; set; } = DefaultModelIdleMinutes;

    /// <summary>The value of <see cref="Catalogue"/> for no catalogue: the engine reads every beat from words and meaning alone.</summary>
    public const string NoCatalogue = "none";

    /// <summary>
    /// The beat's topic catalogue (aliases, spellings, background words; the format of the built-in
    /// <c>topic-aliases.json</c>): empty for the built-in one (China's AI and chip industry), <see cref="NoCatalogue"/> for
    /// none, or the path of a file a deployment writes for its own beat.
    /// </summary>
    public string Catalogue { get; set; } = "";
}

/// <summary>
/// Fails start on a <c>Search:Catalogue</c> file that is missing or not a catalogue, naming the file and line, and on a
/// negative <c>Search:ModelIdleMinutes</c>.
/// </summary>
internal sealed class SearchOptionsValidator : IValidateOptions<SearchOptions>
{
    public ValidateOptionsResult Validate(string? name, SearchOptions options)
    {
        if (options.ModelIdleMinutes < 0)
            return ValidateOptionsResult.Fail($"Search:ModelIdleMinutes is {options.ModelIdleMinutes}; it must be 0 (keep the model loaded) or more minutes.");
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
