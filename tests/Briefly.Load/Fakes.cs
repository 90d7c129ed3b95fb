using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Briefly.Testing;
using Microsoft.AspNetCore.Http;

namespace Briefly.Load;

/// <summary>
/// What both fakes share: the latency of every answer, the outage window (counted from the due minute, known once the run
/// arms them), random extra 429s, and the ledger. A request is judged against the limits when it arrives; its answer goes
/// out after the latency.
/// </summary>
internal sealed class Conditions(LoadOptions options, Ledger ledger)
{
    private readonly Random _random = new(13);

    public LoadOptions Options { get; } = options;

    public Ledger Ledger { get; } = ledger;

    public DateTime? OutageFrom { get; private set; }

    public DateTime? OutageUntil { get; private set; }

    public void Arm(DateTime due)
    {
        if (Options.OutageAt is not { } at) return;
        OutageFrom = due + at;
        OutageUntil = due + at + Options.OutageFor;
    }

    public bool InOutage(DateTime now) => now >= OutageFrom && now < OutageUntil;

    public bool RandomlyRefused()
    {
        if (Options.Fail429 <= 0) return false;
        lock (_random) return _random.NextDouble() < Options.Fail429;
    }

    /// <summary>A refusal that has been decided: the status, what it holds back, and for how long.</summary>
    public sealed record Verdict(int Status, string Kind, string Scope, TimeSpan RetryAfter);

    /// <summary>
    /// The outage first, then a random 429, then each limit in turn (the first one full refuses; a request let through
    /// is counted by all of them).
    /// </summary>
    public Verdict? Judge(DateTime now, string conversationScope, params (ILimit Limit, string Kind, string Scope)[] limits)
    {
        if (InOutage(now)) return new Verdict(503, "outage", conversationScope, Options.OutageRetryAfter);
        if (RandomlyRefused()) return new Verdict(429, "random", conversationScope, TimeSpan.FromSeconds(1));
        foreach (var (limit, kind, scope) in limits)
            if (limit.Wait(now) is { } wait) return new Verdict(429, kind, scope, wait);
        foreach (var (limit, _, _) in limits) limit.Take(now);
        return null;
    }

    /// <summary>Waits the latency, then writes the refusal with its Retry-After (whole seconds, at least one) and records it.</summary>
    public async Task RefuseAsync(HttpContext http, Platform platform, Verdict verdict, DateTime arrivedAt)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(verdict.RetryAfter.TotalSeconds));
        await DelayAsync(http);
        http.Response.StatusCode = verdict.Status;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.Response.ContentType = "application/json";
        Ledger.Refused(platform, verdict.Status, verdict.Kind, verdict.Scope, arrivedAt, DateTime.UtcNow, TimeSpan.FromSeconds(seconds));
        await TryWriteAsync(http, verdict.Status == 429 ? """{"ok":false,"error":"ratelimited"}""" : """{"ok":false,"error":"service_unavailable"}""");
    }

    public Task DelayAsync(HttpContext http) =>
        Options.Latency > TimeSpan.Zero ? Task.Delay(Options.Latency, http.RequestAborted) : Task.CompletedTask;

    /// <summary>Writes an answer; false when the host hung up first (killed, or gave up waiting).</summary>
    public static async Task<bool> TryWriteAsync(HttpContext http, string json)
    {
        try
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(json, http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Runs a handler, treating a host that hung up mid-request as nothing more than that.</summary>
    public static async Task GuardAsync(Func<Task> handle)
    {
        try
        {
            await handle();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or JsonException)
        {
            // The request never arrived whole, or its sender is gone.
        }
    }
}

/// <summary>
/// The Slack Web API as far as the daily brief uses it: chat.postMessage, limited to 100 messages a second per workspace
/// and one a second per channel with a burst of three, and conversations.history (Tier 3: 50 a minute per workspace)
/// answering with the messages it kept and their metadata.
/// </summary>
internal sealed class FakeSlack(Conditions conditions, IReadOnlyDictionary<string, string> workspaceOf)
{
    public const int PerWorkspacePerSecond = 100;

    private readonly object _gate = new();
    private readonly Dictionary<string, ILimit> _limits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<(decimal Ts, JsonObject Message)>> _history = new(StringComparer.Ordinal);
    private long _sequence;

    public Task HandleAsync(HttpContext http) => Conditions.GuardAsync(() => http.Request.Path.Value switch
    {
        "/api/chat.postMessage" => PostAsync(http),
        "/api/conversations.history" => HistoryAsync(http),
        _ => Conditions.TryWriteAsync(http, """{"ok":true}"""),
    });

    private async Task PostAsync(HttpContext http)
    {
        var body = (await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted))!.AsObject();
        var at = DateTime.UtcNow;
        var channel = (string?)body["channel"] ?? "";
        var workspace = workspaceOf.GetValueOrDefault(channel, "T-unknown");
        var (accountScope, channelScope) = ($"slack:{workspace}", $"slack:{workspace}/{channel}");
        conditions.Ledger.Arrived(Platform.Slack, at, accountScope, channelScope);
        Conditions.Verdict? verdict;
        lock (_gate)
            verdict = conditions.Judge(at, channelScope,
                (Limit(accountScope, () => new SlidingWindow(PerWorkspacePerSecond, TimeSpan.FromSeconds(1))), "workspace", accountScope),
                (Limit(channelScope, () => new TokenBucket(1, burst: 3)), "channel", channelScope));
        if (verdict is not null)
        {
            await conditions.RefuseAsync(http, Platform.Slack, verdict, at);
            return;
        }

        var metadata = body["metadata"] as JsonObject;
        var part = (string?)metadata?["event_type"] == "briefly_post" && metadata["event_payload"]?["part"] is JsonValue value
            && value.TryGetValue<int>(out var number) ? number : -1;
        var ts = $"{new DateTimeOffset(at).ToUnixTimeSeconds()}.{Interlocked.Increment(ref _sequence) % 1_000_000:D6}";
        var kept = new JsonObject { ["type"] = "message", ["ts"] = ts, ["text"] = body["text"]?.DeepClone() };
        if (metadata is not null) kept["metadata"] = metadata.DeepClone();
        var messages = _history.GetOrAdd(channel, _ => []);
        lock (messages) messages.Add((decimal.Parse(ts, CultureInfo.InvariantCulture), kept));
        var post = conditions.Ledger.Accepted(Platform.Slack, workspace, channel, part, at);

        await conditions.DelayAsync(http);
        if (await Conditions.TryWriteAsync(http, $$"""{"ok":true,"channel":"{{channel}}","ts":"{{ts}}"}""")) post.AnsweredAt = DateTime.UtcNow;
    }

    private async Task HistoryAsync(HttpContext http)
    {
        var at = DateTime.UtcNow;
        var query = http.Request.Query;
        var channel = query["channel"].ToString();
        var workspace = workspaceOf.GetValueOrDefault(channel, "T-unknown");
        var scope = $"slack-history:{workspace}";
        conditions.Ledger.Arrived(Platform.Slack, at, scope);
        Conditions.Verdict? verdict;
        lock (_gate) verdict = conditions.Judge(at, scope, (Limit(scope, () => new SlidingWindow(50, TimeSpan.FromMinutes(1))), "history", scope));
        if (verdict is not null)
        {
            await conditions.RefuseAsync(http, Platform.Slack, verdict, at);
            return;
        }
        var oldest = decimal.TryParse(query["oldest"], NumberStyles.Float, CultureInfo.InvariantCulture, out var o) ? o : 0;
        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 999) : 100;
        var withMetadata = query["include_all_metadata"] == "true";
        var found = new JsonArray();
        if (_history.TryGetValue(channel, out var messages))
            lock (messages)
                foreach (var (_, message) in messages.Where(m => m.Ts >= oldest).OrderByDescending(m => m.Ts).Take(limit))
                {
                    var copy = message.DeepClone().AsObject();
                    if (!withMetadata) copy.Remove("metadata");
                    found.Add(copy);
                }
        await conditions.DelayAsync(http);
        await Conditions.TryWriteAsync(http, new JsonObject { ["ok"] = true, ["messages"] = found, ["has_more"] = false }.ToJsonString());
    }

    private ILimit Limit(string scope, Func<ILimit> create)
    {
        if (!_limits.TryGetValue(scope, out var limit)) _limits[scope] = limit = create();
        return limit;
    }
}

/// <summary>
/// The Bot Framework connector's send-to-conversation, limited to 50 messages a second per tenant and 7 a second per
/// conversation. Which message of the brief a post is, is told by its card: the cards the host's <c>card</c> command
/// prints for the day, compared without regard to property order.
/// </summary>
internal sealed class FakeTeams(Conditions conditions, IReadOnlyDictionary<string, string> tenantOf, string[] cardPrints)
{
    public const int PerTenantPerSecond = 50;
    public const int PerConversationPerSecond = 7;

    private readonly object _gate = new();
    private readonly Dictionary<string, ILimit> _limits = new(StringComparer.Ordinal);
    private long _sequence;

    public Task HandleAsync(HttpContext http) => Conditions.GuardAsync(async () =>
    {
        var path = http.Request.Path.Value ?? "";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (http.Request.Method == "POST" && segments is ["v3", "conversations", var id, "activities", ..])
            await PostAsync(http, Uri.UnescapeDataString(id));
        else
            await Conditions.TryWriteAsync(http, $$"""{"id":"other-{{Interlocked.Increment(ref _sequence)}}"}""");
    });

    private async Task PostAsync(HttpContext http, string conversation)
    {
        var body = (await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted))!.AsObject();
        var at = DateTime.UtcNow;
        var tenant = tenantOf.GetValueOrDefault(conversation) ?? (string?)body["conversation"]?["tenantId"] ?? "tenant-unknown";
        var (accountScope, conversationScope) = ($"teams:{tenant}", $"teams:{tenant}/{conversation}");
        conditions.Ledger.Arrived(Platform.Teams, at, accountScope, conversationScope);
        Conditions.Verdict? verdict;
        lock (_gate)
            verdict = conditions.Judge(at, conversationScope,
                (Limit(accountScope, () => new SlidingWindow(PerTenantPerSecond, TimeSpan.FromSeconds(1))), "tenant", accountScope),
                (Limit(conversationScope, () => new SlidingWindow(PerConversationPerSecond, TimeSpan.FromSeconds(1))), "conversation", conversationScope));
        if (verdict is not null)
        {
            await conditions.RefuseAsync(http, Platform.Teams, verdict, at);
            return;
        }

        var print = body["attachments"] is JsonArray { Count: > 0 } attachments ? Fingerprint(attachments[0]?["content"]) : "";
        var part = Array.IndexOf(cardPrints, print);
        var post = conditions.Ledger.Accepted(Platform.Teams, tenant, conversation, part, at);
        await conditions.DelayAsync(http);
        if (await Conditions.TryWriteAsync(http, $$"""{"id":"1:{{Interlocked.Increment(ref _sequence)}}"}""")) post.AnsweredAt = DateTime.UtcNow;
    }

    private ILimit Limit(string scope, Func<ILimit> create)
    {
        if (!_limits.TryGetValue(scope, out var limit)) _limits[scope] = limit = create();
        return limit;
    }

    /// <summary>A hash of the card with every object's properties in name order, so two serializers' output compares equal.</summary>
    public static string Fingerprint(JsonNode? card)
    {
        var canonical = new StringBuilder();
        Write(card);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));

        void Write(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    canonical.Append('{');
                    foreach (var (name, value) in o.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal))
                    {
                        canonical.Append(JsonSerializer.Serialize(name)).Append(':');
                        Write(value);
                        canonical.Append(',');
                    }
                    canonical.Append('}');
                    break;
                case JsonArray a:
                    canonical.Append('[');
                    foreach (var item in a)
                    {
                        Write(item);
                        canonical.Append(',');
                    }
                    canonical.Append(']');
                    break;
                case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    canonical.Append(JsonSerializer.Serialize((string)v!));
                    break;
                default:
                    canonical.Append(node?.ToJsonString() ?? "null");
                    break;
            }
        }
    }
}

/// <summary>Both fakes on loopback, each a Kestrel of its own.</summary>
internal sealed class Platforms(LoopbackServer slack, LoopbackServer teams, Conditions conditions) : IAsyncDisposable
{
    public Conditions Conditions { get; } = conditions;

    public Uri SlackApi => slack.Url("api/");

    public Uri TeamsServiceUrl => teams.BaseAddress;

    public static async Task<Platforms> StartAsync(Conditions conditions, IReadOnlyDictionary<string, string> workspaceOf,
        IReadOnlyDictionary<string, string> tenantOf, string[] cardPrints)
    {
        var slack = await LoopbackServer.StartAsync(new FakeSlack(conditions, workspaceOf).HandleAsync);
        var teams = await LoopbackServer.StartAsync(new FakeTeams(conditions, tenantOf, cardPrints).HandleAsync);
        return new Platforms(slack, teams, conditions);
    }

    public async ValueTask DisposeAsync()
    {
        await slack.DisposeAsync();
        await teams.DisposeAsync();
    }
}
