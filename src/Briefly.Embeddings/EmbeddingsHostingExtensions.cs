using Briefly.Core.Search.Semantic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Briefly.Embeddings;

public static class EmbeddingsHostingExtensions
{
    /// <summary>
    /// The embedding model <c>Search:EmbeddingModel</c> names, for <see cref="StoryEmbeddings"/>; nothing for "none".
    /// A name this host does not know fails at start, naming the key.
    /// </summary>
    public static IHostApplicationBuilder AddEmbeddings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<SearchOptions>, SearchOptionsValidator>();
        var model = builder.Configuration.GetSection(SearchOptions.Section).Get<SearchOptions>()?.EmbeddingModel ?? new SearchOptions().EmbeddingModel;
        if (string.Equals(model, MiniLmEmbedder.Id, StringComparison.OrdinalIgnoreCase))
            builder.Services.AddSingleton<ITextEmbedder, MiniLmEmbedder>();
        return builder;
    }

    private sealed class SearchOptionsValidator : IValidateOptions<SearchOptions>
    {
        public ValidateOptionsResult Validate(string? name, SearchOptions options) =>
            string.Equals(options.EmbeddingModel, MiniLmEmbedder.Id, StringComparison.OrdinalIgnoreCase)
            || string.Equals(options.EmbeddingModel, SearchOptions.NoModel, StringComparison.OrdinalIgnoreCase)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"{SearchOptions.Section}:{nameof(SearchOptions.EmbeddingModel)} '{options.EmbeddingModel}' is not a model this host has: use {MiniLmEmbedder.Id} or {SearchOptions.NoModel}.");
    }
}
