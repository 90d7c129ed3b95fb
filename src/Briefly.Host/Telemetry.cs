using System.Diagnostics;
using Azure.Monitor.OpenTelemetry.Exporter;
using Briefly.Core.Telemetry;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Briefly.Host;

/// <summary>
/// OpenTelemetry for a served host, configured as every OpenTelemetry SDK is: by the standard <c>OTEL_*</c> environment
/// variables (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_SERVICE_NAME</c>,
/// <c>OTEL_RESOURCE_ATTRIBUTES</c>, <c>OTEL_METRIC_EXPORT_INTERVAL</c>…), and to Azure Monitor by
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>. With neither, nothing is collected.
/// </summary>
internal static class Telemetry
{
    /// <summary>Any of these set turns the OTLP exporter on.</summary>
    private static readonly string[] OtlpEndpointKeys = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"];

    public static WebApplicationBuilder AddBrieflyTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var otlp = OtlpEndpointKeys.Any(key => !string.IsNullOrWhiteSpace(configuration[key]));
        var azureMonitor = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 } connectionString ? connectionString : null;
        if (!otlp && azureMonitor is null) return builder;

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME, when set, is read by the SDK itself and wins over this.
                if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
                    resource.AddService("briefly", serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString());
            })
            .WithTracing(tracing => tracing
                .AddSource(BrieflyTelemetry.Name)
                // Probes every few seconds are not traffic worth a trace.
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(BrieflyTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());
        if (otlp) telemetry.UseOtlpExporter();
        if (azureMonitor is not null)
            telemetry
                .WithTracing(tracing => tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = azureMonitor))
                .WithMetrics(metrics => metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = azureMonitor));
        return builder;
    }
}

/// <summary>
/// Carries a trace through Hangfire: a job created inside a trace (a planner run queuing its sends) keeps the creator's
/// <c>traceparent</c> as a job parameter, and runs in an activity that continues it, so a trace goes from a planner run to
/// each send even when another host runs the send. Also measures how long each job waited for a worker once due.
/// </summary>
internal sealed class JobTracingFilter : JobFilterAttribute, IClientFilter, IElectStateFilter, IServerFilter
{
    private const string TraceParent = "traceparent";
    private const string EnqueuedAt = "briefly-enqueued-at";
    private const string ActivityItem = "briefly-activity";

    public void OnCreating(CreatingContext context)
    {
        if (BrieflyTelemetry.CurrentTraceParent() is { } parent) context.SetJobParameter(TraceParent, parent);
    }

    public void OnCreated(CreatedContext context)
    {
    }

    public void OnStateElection(ElectStateContext context)
    {
        // Due from the moment it enters a queue: straight away for most jobs, at its time for a scheduled one.
        if (context.CandidateState is EnqueuedState) context.SetJobParameter(EnqueuedAt, DateTime.UtcNow);
    }

    public void OnPerforming(PerformingContext context)
    {
        var job = $"{context.BackgroundJob.Job.Type.Name}.{context.BackgroundJob.Job.Method.Name}";
        if (context.GetJobParameter<DateTime?>(EnqueuedAt) is { } due) BrieflyTelemetry.JobStarted(job, DateTime.UtcNow - due);
        var activity = BrieflyTelemetry.StartQueued("briefly.job " + job, context.GetJobParameter<string>(TraceParent));
        activity?.SetTag("briefly.job_id", context.BackgroundJob.Id);
        context.Items[ActivityItem] = activity;
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(ActivityItem, out var item) && item is Activity activity)
        {
            if (context.Exception is { } e) activity.SetStatus(ActivityStatusCode.Error, e.Message);
            activity.Dispose();
        }
    }
}
