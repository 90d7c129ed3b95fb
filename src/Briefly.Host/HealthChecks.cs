using System.Text.Json;
using Briefly.Core.Search;
using Briefly.Core.Search.Semantic;
using Briefly.Data;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Briefly.Host;

/// <summary>
/// The probes an orchestrator uses: <c>/health/live</c> says the process answers (restart it when not),
/// <c>/health/ready</c> that it can do its work (send it traffic only then): the database, Hangfire's storage, the search
/// index read once, the embedding model loaded or knowingly left out. <c>/health</c> is the ready probe under its old name.
/// </summary>
internal static class HealthChecks
{
    private const string Ready = "ready";

    public static WebApplicationBuilder AddBrieflyHealthChecks(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
            .AddCheck<JobStorageHealthCheck>("job-storage", tags: [Ready])
            .AddCheck<SearchIndexHealthCheck>("search-index", tags: [Ready])
            .AddCheck<SemanticSearchHealthCheck>("semantic-search", tags: [Ready]);
        return builder;
    }

    public static WebApplication MapBrieflyHealthChecks(this WebApplication app)
    {
        var ready = new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteAsync };
        app.MapHealthChecks("/health", ready);
        app.MapHealthChecks("/health/ready", ready);
        // No check at all: a process that can answer this is alive, whatever its database is doing.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        return app;
    }

    /// <summary>The status and each check's status and reason, as JSON; never an exception's text, which may hold a connection string.</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }

    /// <summary>Without a working embedding model the bot still answers, on words alone: degraded, not down.</summary>
    private sealed class SemanticSearchHealthCheck(StoryEmbeddings embeddings) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(embeddings.State is SemanticState.Ready or SemanticState.NotLoaded
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Degraded($"Answers are lexical only: {embeddings.Problem}."));
    }

    /// <summary>Until the index has read the stored stories once, a question would be answered from part of them.</summary>
    private sealed class SearchIndexHealthCheck(StoryIndexSync sync) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(sync.Loaded
                ? HealthCheckResult.Healthy($"{sync.Index.Count} stories indexed.")
                : HealthCheckResult.Unhealthy("The search index is still reading the stored stories."));
    }

    private sealed class DatabaseHealthCheck(BrieflyDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database does not answer.");
    }

    /// <summary>Hangfire's storage holds every scheduled send: a host that cannot reach it plans and sends nothing.</summary>
    private sealed class JobStorageHealthCheck(IServiceProvider services) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (services.GetService<JobStorage>() is not { } storage)
                return Task.FromResult(HealthCheckResult.Healthy("No job storage in this host."));
            try
            {
                using var connection = storage.GetConnection();
                connection.GetAllItemsFromSet("recurring-jobs");
                return Task.FromResult(HealthCheckResult.Healthy());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy($"Hangfire's storage does not answer ({e.GetType().Name})."));
            }
        }
    }
}
