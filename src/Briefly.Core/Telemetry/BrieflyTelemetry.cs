using System.Diagnostics;
using System.Diagnostics.Metrics;
using Briefly.Data.Entities;

namespace Briefly.Core.Telemetry;

/// <summary>
/// Briefly's own traces and metrics, under one name ("Briefly") for an OpenTelemetry SDK to listen to; with no listener
/// they cost a check each. Work that crosses a queue (a chat message handled later, a send job) carries the W3C
/// <c>traceparent</c> of the work that queued it, so a trace runs from a chat message to its reply and from a planner run
/// to each send.
/// </summary>
public static class BrieflyTelemetry
{
    public const string Name = "Briefly";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> MessagesReceived = Meter.CreateCounter<long>(
        "briefly.messages.received", "{message}", "Chat messages and button presses accepted from a platform.");

    private static readonly Counter<long> Answers = Meter.CreateCounter<long>(
        "briefly.answers", "{answer}", "Topic questions answered; answered=false when nothing stored was on the topic.");

    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>(
        "briefly.deliveries", "{delivery}", "Briefs, alerts, digests and replies by outcome: sent, deferred (to be tried again), failed, skipped.");

    private static readonly Counter<long> Throttled = Meter.CreateCounter<long>(
        "briefly.platform.throttled", "{response}", "429 answers from a platform.");

    private static readonly Histogram<double> FanOutDuration = Meter.CreateHistogram<double>(
        "briefly.fanout.duration", "s", "From a brief's due minute to the last channel settled.");

    private static readonly Counter<long> Ingested = Meter.CreateCounter<long>(
        "briefly.ingest.briefs", "{brief}", "Briefs taken in, by outcome (created, updated, unchanged, conflict, rejected) and source.");

    private static readonly Histogram<double> JobLatency = Meter.CreateHistogram<double>(
        "briefly.job.latency", "s", "From a background job being due to a worker starting it.");

    public static void MessageReceived(ChatPlatform platform) => MessagesReceived.Add(1, Tag("platform", platform));

    public static void Answered(bool found) => Answers.Add(1, new KeyValuePair<string, object?>("answered", found));

    public static void Delivered(ChatPlatform platform, string kind, string outcome) =>
        Deliveries.Add(1, Tag("platform", platform), new("kind", kind), new("outcome", outcome));

    public static void RateLimited(ChatPlatform platform) => Throttled.Add(1, Tag("platform", platform));

    public static void FanOutFinished(TimeSpan duration) => FanOutDuration.Record(duration.TotalSeconds);

    public static void BriefIngested(string status, string source) =>
        Ingested.Add(1, new KeyValuePair<string, object?>("outcome", status.ToLowerInvariant()), new("source", source));

    public static void JobStarted(string job, TimeSpan latency) =>
        JobLatency.Record(Math.Max(0, latency.TotalSeconds), new KeyValuePair<string, object?>("job", job));

    /// <summary>
    /// Starts an activity for work queued earlier, as a child of the work that queued it (its stored <c>traceparent</c>);
    /// a root of its own when none was stored or nobody listens.
    /// </summary>
    public static Activity? StartQueued(string name, string? traceParent, ActivityKind kind = ActivityKind.Consumer) =>
        ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Source.StartActivity(name, kind);

    /// <summary>The current activity's W3C <c>traceparent</c>, to store with work queued for later; null outside any trace.</summary>
    public static string? CurrentTraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    private static KeyValuePair<string, object?> Tag(string key, ChatPlatform platform) => new(key, platform.ToString().ToLowerInvariant());
}
