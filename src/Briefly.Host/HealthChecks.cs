using Briefly.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Briefly.Host;

internal static class HealthChecks
{
    public static WebApplicationBuilder AddBrieflyHealthChecks(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    public static WebApplication MapBrieflyHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        return app;
    }

    private sealed class DatabaseHealthCheck(BrieflyDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database does not answer.");
    }
}
