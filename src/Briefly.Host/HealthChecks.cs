using Briefly.Core.Search.Semantic;
using Briefly.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Briefly.Host;

internal static class HealthChecks
{
    public static WebApplicationBuilder AddBrieflyHealthChecks(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<SemanticSearchHealthCheck>("semantic-search");
        return builder;
    }

    public static WebApplication MapBrieflyHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        return app;
    }

    /// <summary>Without a working embedding model the bot still answers, on words alone: degraded, not down.</summary>
    private sealed class SemanticSearchHealthCheck(StoryEmbeddings embeddings) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(embeddings.State is SemanticState.Ready or SemanticState.NotLoaded
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Degraded($"Answers are lexical only: {embeddings.Problem}."));
    }

    private sealed class DatabaseHealthCheck(BrieflyDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database does not answer.");
    }
}
