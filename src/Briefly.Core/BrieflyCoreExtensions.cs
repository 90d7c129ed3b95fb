using Briefly.Core.Briefs;
using Briefly.Core.Feeds;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Briefly.Core;

public static class BrieflyCoreExtensions
{
    /// <summary>The product's services: ingesting briefs (files, API, feeds).</summary>
    public static IHostApplicationBuilder AddBrieflyCore(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<IngestOptions>()
            .BindConfiguration(IngestOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<BriefIngestor>();
        builder.Services.AddFeedFetching();
        builder.Services.AddScoped<FeedPoller>();
        return builder;
    }
}
