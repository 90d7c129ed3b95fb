using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Briefly.Slack.Tests.Edge;

/// <summary>
/// A loopback Kestrel server playing Slack: the Web API methods Briefly calls under <c>/api/</c>, and response URLs
/// under <c>/respond/</c>. It records every call and can refuse chat.postMessage the way Slack does.
/// </summary>
internal sealed class FakeSlackApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SlackCall> _calls = new();

    private FakeSlackApi(WebApplication app) => _app = app;

    public Uri ApiBaseUrl => new(_app.Urls.Single() + "/api/");

    public Uri ResponseUrl(string id) => new(_app.Urls.Single() + "/respond/" + id);

    public IReadOnlyList<SlackCall> Calls => [.. _calls];

    /// <summary>What users.info says of everyone's time zone.</summary>
    public string? TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>When set, chat.postMessage answers {"ok": false, "error": this}.</summary>
    public string? PostMessageError { get; set; }

    /// <summary>When set, conversations.history answers 429 with this Retry-After, as Slack does past Tier 3.</summary>
    public TimeSpan? HistoryRetryAfter { get; set; }

    public static async Task<FakeSlackApi> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeSlackApi(app);
        app.MapPost("/api/chat.postMessage", (Delegate)fake.PostMessageAsync);
        app.MapGet("/api/users.info", (Delegate)fake.UsersInfo);
        app.MapGet("/api/conversations.history", (Delegate)fake.History);
        app.MapPost("/api/conversations.open", (Delegate)fake.OpenAsync);
        app.MapPost("/api/views.publish", (Delegate)fake.PublishAsync);
        app.MapPost("/respond/{id}", (HttpContext context, string id) => fake.RespondAsync(context, id));
        await app.StartAsync();
        return fake;
    }

    private async Task<IResult> PostMessageAsync(HttpContext context)
    {
        _calls.Enqueue(new SlackCall("chat.postMessage", context.Request.Headers.Authorization.ToString(), (await JsonNode.ParseAsync(context.Request.Body))!.AsObject()));
        return PostMessageError is { } error
            ? Results.Json(new { ok = false, error })
            : Results.Json(new { ok = true, ts = $"1700000000.{_calls.Count:D6}" });
    }

    /// <summary>A person's Home tab published (after a change to their topics or settings).</summary>
    private async Task<IResult> PublishAsync(HttpContext context)
    {
        _calls.Enqueue(new SlackCall("views.publish", context.Request.Headers.Authorization.ToString(), (await JsonNode.ParseAsync(context.Request.Body))!.AsObject()));
        return Results.Json(new { ok = true });
    }

    /// <summary>The DM channel conversations.open gives for a person: "D" and their id.</summary>
    private async Task<IResult> OpenAsync(HttpContext context)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        _calls.Enqueue(new SlackCall("conversations.open", context.Request.Headers.Authorization.ToString(), body));
        return Results.Json(new { ok = true, channel = new { id = "D" + (string?)body["users"] } });
    }

    /// <summary>The messages posted to the channel, newest first, with their metadata (every one: the fake keeps no time).</summary>
    private IResult History(HttpContext context)
    {
        var channel = context.Request.Query["channel"].ToString();
        _calls.Enqueue(new SlackCall("conversations.history", context.Request.Headers.Authorization.ToString(), new JsonObject { ["channel"] = channel }));
        if (HistoryRetryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(new { ok = false, error = "ratelimited" }, statusCode: StatusCodes.Status429TooManyRequests);
        }
        var posted = _calls.Where(c => c.Method == "chat.postMessage" && (string?)c.Body["channel"] == channel && c.Body["metadata"] is not null)
            .Select((c, i) => new JsonObject { ["type"] = "message", ["ts"] = $"1700000000.{i + 1:D6}", ["metadata"] = c.Body["metadata"]!.DeepClone() })
            .Reverse();
        return Results.Json(new JsonObject { ["ok"] = true, ["messages"] = new JsonArray([.. posted]) });
    }

    private IResult UsersInfo(HttpContext context)
    {
        _calls.Enqueue(new SlackCall("users.info", context.Request.Headers.Authorization.ToString(), new JsonObject { ["user"] = context.Request.Query["user"].ToString() }));
        return Results.Json(new { ok = true, user = new { id = context.Request.Query["user"].ToString(), tz = TimeZone } });
    }

    private async Task<IResult> RespondAsync(HttpContext context, string id)
    {
        _calls.Enqueue(new SlackCall("respond/" + id, context.Request.Headers.Authorization.ToString(), (await JsonNode.ParseAsync(context.Request.Body))!.AsObject()));
        return Results.Ok();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record SlackCall(string Method, string Authorization, JsonObject Body)
{
    /// <summary>Every text the message shows, for asserting what a person reads.</summary>
    public string Text => string.Join("\n", Texts(Body));

    private static IEnumerable<string> Texts(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "text" && p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : Texts(p.Value)),
        JsonArray a => a.SelectMany(Texts),
        _ => [],
    };
}
