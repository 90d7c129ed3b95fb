using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Briefly.Data;
using Briefly.Data.Entities;
using Briefly.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Host.Tests;

/// <summary>
/// OpenTelemetry from a served host, configured only by the standard OTEL_* variables and sent over OTLP/HTTP to a
/// collector on loopback (this test's), read back from the protobuf: a chat message's trace reaches its reply's send,
/// a planner run's trace reaches each send, and Briefly's metrics arrive.
/// </summary>
public sealed class TelemetryTests
{
    private const string SigningSecret = "telemetry-signing-secret";

    [Fact]
    public async Task A_chat_message_and_a_planner_run_are_traced_to_their_sends_and_the_metrics_are_exported()
    {
        var collector = new Collector();
        await using var server = await LoopbackServer.StartAsync(collector.HandleAsync);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        await BrieflyProcess.RunAsync(database, work.Path, new() { ["Search:EmbeddingModel"] = "none" }, TimeSpan.FromMinutes(3),
            "ingest", RepositoryFiles.Path("samples", "briefs", "brief-2026-11-25.json"));
        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, new()
        {
            ["Slack:SigningSecret"] = SigningSecret, ["Slack:BotToken"] = "xoxb-telemetry", ["Slack:ApiBaseUrl"] = server.Url("api/").ToString(),
            ["Search:EmbeddingModel"] = "none", ["Teams:Enabled"] = "false",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = server.BaseAddress.ToString().TrimEnd('/'), ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "briefly-under-test", ["OTEL_METRIC_EXPORT_INTERVAL"] = "500", ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        using var client = new HttpClient { BaseAddress = host.Url };

        // A question in a DM: accepted by the request, answered from the inbox, its reply sent from the outbox.
        await SignedSlack.PostAsync(client, SigningSecret, "/slack/events", new JsonObject
        {
            ["type"] = "event_callback", ["team_id"] = "T0OTEL", ["event_id"] = "EvAsk",
            ["event"] = new JsonObject { ["type"] = "message", ["channel_type"] = "im", ["user"] = "U0ME", ["channel"] = "D0OTEL", ["text"] = "latest on Huawei", ["ts"] = "1764850000.000100" },
        }.ToJsonString(), "application/json");
        var chat = await WaitForSpanAsync(collector, "briefly.chat.message", host);
        var reply = await WaitForSpanAsync(collector, "briefly.send reply", host);

        Assert.Equal(chat.TraceId, reply.TraceId);
        // The chat message continues the trace of the platform's request that brought it (the ASP.NET Core server span).
        Assert.Contains(collector.Spans, s => s.SpanId == chat.ParentId && s.TraceId == chat.TraceId && s.Name.StartsWith("POST", StringComparison.Ordinal));
        // The reply's call to Slack is a child in the same trace.
        Assert.Contains(collector.Spans, s => s.TraceId == reply.TraceId && s.ParentId == reply.SpanId);

        // A channel whose brief time is now: the planner's job queues a send job, which sends the brief.
        await SignedSlack.PostAsync(client, SigningSecret, "/slack/events", new JsonObject
        {
            ["type"] = "event_callback", ["team_id"] = "T0OTEL", ["event_id"] = "EvJoin",
            ["event"] = new JsonObject { ["type"] = "member_joined_channel", ["user"] = "U0BRIEFLY", ["channel"] = "C0OTEL", ["channel_type"] = "C", ["team"] = "T0OTEL" },
            ["authorizations"] = new JsonArray(new JsonObject { ["team_id"] = "T0OTEL", ["user_id"] = "U0BRIEFLY", ["is_bot"] = true }),
        }.ToJsonString(), "application/json");
        await database.SettledAsync();
        await using (var db = database.CreateContext())
        {
            var now = DateTime.UtcNow;
            await db.Conversations.Where(c => c.ExternalId == "C0OTEL").ExecuteUpdateAsync(s => s
                .SetProperty(c => c.TimeZone, "UTC").SetProperty(c => c.BriefDays, WeekDays.Every).SetProperty(c => c.BriefTime, new TimeOnly(now.Hour, now.Minute)));
            await db.Briefs.ExecuteUpdateAsync(s => s.SetProperty(b => b.Date, DateOnly.FromDateTime(now)));
        }
        var send = await WaitForSpanAsync(collector, "briefly.send brief", host, TimeSpan.FromMinutes(2));
        // A parent ends, and so is exported, after its child: the job's span may come in a later export than the send's.
        var sendJob = await WaitForSpanAsync(collector, s => s.SpanId == send.ParentId, "the send's parent", host);
        var planJob = await WaitForSpanAsync(collector, s => s.SpanId == sendJob.ParentId, "the send job's parent", host);

        Assert.StartsWith("briefly.job DeliverBriefsJob", sendJob.Name, StringComparison.Ordinal);
        Assert.StartsWith("briefly.job PlanBriefDeliveriesJob", planJob.Name, StringComparison.Ordinal);
        Assert.Equal(planJob.TraceId, send.TraceId);

        var metrics = await WaitForMetricsAsync(collector, ["briefly.messages.received", "briefly.answers", "briefly.deliveries", "briefly.job.latency"], host);
        Assert.Contains("briefly-under-test", collector.Resources);
        Assert.NotEmpty(metrics);
    }

    private static Task<Span> WaitForSpanAsync(Collector collector, string name, RunningHost host, TimeSpan? patience = null) =>
        WaitForSpanAsync(collector, s => s.Name == name, name, host, patience);

    private static async Task<Span> WaitForSpanAsync(Collector collector, Func<Span, bool> match, string what, RunningHost host, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (collector.Spans.FirstOrDefault(match) is { } span) return span;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No span {what}; got {string.Join(", ", collector.Spans.Select(s => s.Name).Distinct())}. The host said:\n{host.Log}");
            await Task.Delay(200);
        }
    }

    private static async Task<IReadOnlyCollection<string>> WaitForMetricsAsync(Collector collector, string[] names, RunningHost host)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!names.All(collector.Metrics.Contains))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Missing metrics {string.Join(", ", names.Except(collector.Metrics))}. The host said:\n{host.Log}");
            await Task.Delay(200);
        }
        return collector.Metrics;
    }

    private sealed record Span(string TraceId, string SpanId, string ParentId, string Name);

    /// <summary>
    /// An OTLP/HTTP collector reduced to what the test reads (opentelemetry-proto: trace.proto, metrics.proto), and a Slack
    /// Web API that says yes, on the same loopback server.
    /// </summary>
    private sealed class Collector
    {
        public ConcurrentBag<Span> Spans { get; } = [];

        public ConcurrentDictionary<string, byte> MetricNames { get; } = new();

        public IReadOnlyCollection<string> Metrics => [.. MetricNames.Keys];

        public ConcurrentBag<string> Resources { get; } = [];

        public async Task HandleAsync(HttpContext http)
        {
            var path = http.Request.Path.Value ?? "";
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var bytes = body.ToArray();
            if (path == "/v1/traces") ReadTraces(bytes);
            else if (path == "/v1/metrics") ReadMetrics(bytes);
            if (path.StartsWith("/v1/", StringComparison.Ordinal))
            {
                http.Response.ContentType = "application/x-protobuf";
                return;
            }
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(path switch
            {
                "/api/users.info" => """{"ok":true,"user":{"id":"U0ME","tz":"UTC"}}""",
                "/api/conversations.info" => """{"ok":true,"channel":{"id":"C0OTEL","name":"news"}}""",
                _ => """{"ok":true,"ts":"1764850000.000200","channel":{"id":"D0OTEL"}}""",
            });
        }

        // ExportTraceServiceRequest: resource_spans = 1 → ResourceSpans: resource = 1, scope_spans = 2 → ScopeSpans: spans = 2
        // → Span: trace_id = 1, span_id = 2, parent_span_id = 4, name = 5.
        private void ReadTraces(byte[] request)
        {
            foreach (var resourceSpans in Protobuf.Messages(request, 1))
            {
                ReadResource(resourceSpans);
                foreach (var scopeSpans in Protobuf.Messages(resourceSpans, 2))
                foreach (var span in Protobuf.Messages(scopeSpans, 2))
                    Spans.Add(new Span(Protobuf.Hex(span, 1), Protobuf.Hex(span, 2), Protobuf.Hex(span, 4), Protobuf.Text(span, 5)));
            }
        }

        // ExportMetricsServiceRequest: resource_metrics = 1 → scope_metrics = 2 → metrics = 2 → Metric: name = 1.
        private void ReadMetrics(byte[] request)
        {
            foreach (var resourceMetrics in Protobuf.Messages(request, 1))
            {
                ReadResource(resourceMetrics);
                foreach (var scopeMetrics in Protobuf.Messages(resourceMetrics, 2))
                foreach (var metric in Protobuf.Messages(scopeMetrics, 2))
                    MetricNames.TryAdd(Protobuf.Text(metric, 1), 0);
            }
        }

        // Resource: attributes = 1 → KeyValue: key = 1, value = 2 → AnyValue: string_value = 1.
        private void ReadResource(ReadOnlyMemory<byte> container)
        {
            foreach (var resource in Protobuf.Messages(container, 1))
            foreach (var attribute in Protobuf.Messages(resource, 1))
                if (Protobuf.Text(attribute, 1) == "service.name")
                    foreach (var value in Protobuf.Messages(attribute, 2))
                        Resources.Add(Protobuf.Text(value, 1));
        }
    }

    /// <summary>Just enough of the protobuf wire format to walk OTLP messages by field number.</summary>
    private static class Protobuf
    {
        public static IEnumerable<ReadOnlyMemory<byte>> Messages(ReadOnlyMemory<byte> message, int field) =>
            Fields(message).Where(f => f.Field == field).Select(f => f.Value);

        public static string Text(ReadOnlyMemory<byte> message, int field) =>
            Messages(message, field).Select(v => System.Text.Encoding.UTF8.GetString(v.Span)).FirstOrDefault() ?? "";

        public static string Hex(ReadOnlyMemory<byte> message, int field) =>
            Messages(message, field).Select(v => Convert.ToHexString(v.Span)).FirstOrDefault() ?? "";

        private static List<(int Field, ReadOnlyMemory<byte> Value)> Fields(ReadOnlyMemory<byte> message)
        {
            var fields = new List<(int, ReadOnlyMemory<byte>)>();
            var at = 0;
            while (at < message.Length)
            {
                var key = Varint(message.Span, ref at);
                var (field, wire) = ((int)(key >> 3), (int)(key & 7));
                switch (wire)
                {
                    case 0: Varint(message.Span, ref at); break;
                    case 1: at += 8; break;
                    case 5: at += 4; break;
                    case 2:
                        var length = (int)Varint(message.Span, ref at);
                        fields.Add((field, message.Slice(at, length)));
                        at += length;
                        break;
                    default: throw new InvalidDataException($"Wire type {wire} at byte {at}.");
                }
            }
            return fields;
        }

        private static ulong Varint(ReadOnlySpan<byte> bytes, ref int at)
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = bytes[at++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return value;
            }
        }
    }
}
