using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Briefly.Teams.Tests;

/// <summary>
/// A loopback Kestrel server standing in for the Bot Connector service at an activity's serviceUrl.
/// It records the replies the bot posts and can refuse the first few, as Teams does for a blocked bot.
/// </summary>
internal sealed class FakeConnector : IAsyncDisposable
{
    public const string RefusalDetail = "connector-internal-detail-7f3a";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ConnectorCall> _calls = new();
    private int _refusalsLeft;
    private int _throttlesLeft;
    private int _throttleStatus = StatusCodes.Status429TooManyRequests;

    private FakeConnector(WebApplication app, int refuseFirst)
    {
        _app = app;
        _refusalsLeft = refuseFirst;
    }

    public Uri ServiceUrl => new(_app.Urls.Single() + "/");

    public IReadOnlyList<ConnectorCall> Calls => [.. _calls];

    /// <summary>Refuses the next <paramref name="count"/> posts as Teams does once the bot is blocked or removed.</summary>
    public void RefuseNext(int count) => Interlocked.Exchange(ref _refusalsLeft, count);

    /// <summary>Answers the next <paramref name="count"/> posts 429 (or <paramref name="status"/>: a 503) with a Retry-After of <see cref="ThrottleSeconds"/>.</summary>
    public void ThrottleNext(int count, int status = StatusCodes.Status429TooManyRequests)
    {
        _throttleStatus = status;
        Interlocked.Exchange(ref _throttlesLeft, count);
    }

    public const int ThrottleSeconds = 3;

    public static async Task<FakeConnector> StartAsync(int refuseFirst = 0)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var connector = new FakeConnector(app, refuseFirst);
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", connector.ReplyToActivityAsync);
        // A proactive message (a daily brief) is sent to the conversation, not as a reply.
        app.MapPost("/v3/conversations/{conversationId}/activities", connector.ReplyToActivityAsync);
        await app.StartAsync();
        return connector;
    }

    private async Task ReplyToActivityAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body);
        _calls.Enqueue(new ConnectorCall(
            (string)context.GetRouteValue("conversationId")!,
            (string?)context.GetRouteValue("activityId") ?? "",
            context.Request.Headers.Authorization.ToString(),
            body!.AsObject()));

        if (Interlocked.Decrement(ref _throttlesLeft) >= 0)
        {
            context.Response.StatusCode = _throttleStatus;
            context.Response.Headers.RetryAfter = ThrottleSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await context.Response.WriteAsJsonAsync(new { error = new { code = "TooManyRequests", message = "slow down" } });
            return;
        }

        if (Interlocked.Decrement(ref _refusalsLeft) >= 0)
        {
            // 403 is not retried by the SDK, so one refusal fails exactly one send.
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsJsonAsync(new { error = new { code = "MessageWritesBlocked", message = RefusalDetail } });
            return;
        }

        await context.Response.WriteAsJsonAsync(new { id = $"reply-{_calls.Count}" });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record ConnectorCall(string ConversationId, string ActivityId, string Authorization, JsonObject Activity)
{
    public string? Text => (string?)Activity["text"];

    public string? Type => (string?)Activity["type"];

    /// <summary>The Adaptive Card the activity carries, if it carries one.</summary>
    public JsonObject? Card =>
        Activity["attachments"]?.AsArray().SingleOrDefault(a => (string?)a?["contentType"] == "application/vnd.microsoft.card.adaptive")?["content"]?.AsObject();

    /// <summary>Every text the card shows, in order, for asserting what a person reads.</summary>
    public string CardText => Card is { } card ? string.Join("\n", Texts(card)) : "";

    private static IEnumerable<string> Texts(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key is "text" or "title" && p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : Texts(p.Value)),
        JsonArray a => a.SelectMany(Texts),
        _ => [],
    };
}
