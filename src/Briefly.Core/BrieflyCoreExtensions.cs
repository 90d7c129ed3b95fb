using Briefly.Core.Briefs;
using Briefly.Core.Conversations;
using Briefly.Core.Deliveries;
using Briefly.Core.Feeds;
using Briefly.Core.Messaging;
using Briefly.Core.Search;
using Briefly.Core.Search.Semantic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefly.Core;

public static class BrieflyCoreExtensions
{
    /// <summary>The product's services: ingesting briefs (files, API, feeds), search, and the conversation core.</summary>
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

        builder.Services.AddOptions<BrieflyOptions>().BindConfiguration(BrieflyOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BrieflyOptions>, BrieflyOptionsValidator>();
        builder.Services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateOnStart();
        // The model itself is registered by the host (Briefly.Embeddings); without one, answers are lexical.
        builder.Services.AddSingleton(sp =>
        {
            // Read first so a command that searches fails on a wrong setting as a serving host does at start.
            var options = sp.GetRequiredService<IOptions<SearchOptions>>().Value;
            return new StoryEmbeddings(sp.GetService<ITextEmbedder>(), sp.GetRequiredService<ILogger<StoryEmbeddings>>(), sp.GetRequiredService<TimeProvider>())
            {
                KeepLoaded = TimeSpan.FromMinutes(options.ModelIdleMinutes),
            };
        });
        builder.Services.AddSingleton<IValidateOptions<SearchOptions>, SearchOptionsValidator>();
        builder.Services.AddSingleton(sp => new StoryIndex(
            TopicCatalogue.Load(sp.GetRequiredService<IOptions<SearchOptions>>().Value.Catalogue),
            sp.GetRequiredService<StoryEmbeddings>()));
        builder.Services.AddSingleton<StoryIndexSync>();
        builder.Services.AddHostedService<StoryIndexRefresher>();
        builder.Services.AddScoped<Participants>();
        builder.Services.AddScoped<Removals>();
        builder.Services.AddScoped<TopicSuggestions>();
        builder.Services.AddScoped<StoryAnswers>();
        builder.Services.AddScoped<Subscriptions>();
        builder.Services.AddScoped<Settings>();
        builder.Services.AddScoped<Home>();
        builder.Services.AddScoped<ConversationHandler>();
        builder.Services.AddScoped<CardRedraw>();
        builder.Services.AddScoped<TopicMatcher>();
        builder.Services.AddScoped<BriefPlanner>();
        builder.Services.AddScoped<BriefSender>();
        builder.Services.AddScoped<SendNow>();
        builder.Services.AddSingleton<BriefReplyCache>();
        builder.Services.AddScoped<TopicAlertPlanner>();
        builder.Services.AddScoped<TopicAlertSender>();

        builder.Services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DispatchSignal>();
        builder.Services.AddOptions<PacingOptions>().BindConfiguration(PacingOptions.Section)
            .Validate(o => o.IsValid(), PacingOptions.Requirements)
            .ValidateOnStart();
        builder.Services.AddSingleton<PlatformPacer>();
        builder.Services.AddScoped<Inbox>();
        builder.Services.AddScoped<Outbox>();
        builder.Services.AddScoped<InboundWork>();
        builder.Services.AddScoped<OutboundWork>();
        // Started only by a serving host: commands (ingest, ask, …) never start hosted services.
        builder.Services.AddHostedService<MessageDispatcher>();
        return builder;
    }
}
