using System.Text.Json;
using System.Text.Json.Nodes;
using Briefly.Core.Conversations;
using Briefly.Core.Deliveries;
using Briefly.Core.Messaging;
using Briefly.Data.Entities;
using Briefly.Slack.Edge;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefly.Slack;

/// <summary>Wires the Slack app into the host: its Events API, slash command and interactivity endpoints, and the Web API client.</summary>
public static partial class SlackHostingExtensions
{
    /// <summary>Slack's payloads are a few kilobytes; anything near this is not Slack.</summary>
    private const int MaxRequestBytes = 1024 * 1024;

    public static IHostApplicationBuilder AddSlack(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>();
        // No retry here: a failed call is the outbox's to try again, at the time Slack's Retry-After names.
        services.AddHttpClient<SlackApiClient>(client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddScoped<SlackEdge>();
        services.AddScoped<IConversationSender, SlackSender>();
        services.AddScoped<IChatDirectory, SlackDirectory>();
        return builder;
    }

    /// <summary>Maps <c>/slack/events</c>, <c>/slack/commands</c> and <c>/slack/interactivity</c> (the request URLs in manifests/slack).</summary>
    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder app)
    {
        var slack = app.MapGroup("/slack");
        slack.MapPost("/events", EventsAsync);
        slack.MapPost("/commands", CommandsAsync);
        slack.MapPost("/interactivity", InteractivityAsync);
        return app;
    }

    private static async Task<IResult> EventsAsync(HttpContext context, SlackEdge edge, Removals removals)
    {
        var (body, refusal) = await VerifiedBodyAsync(context);
        if (refusal is not null) return refusal;
        if (ParseObject(body) is not { } payload) return Results.BadRequest(new { error = "The body is not a JSON object." });
        return await AcceptingAsync(async () =>
        {
            switch ((string?)payload["type"])
            {
                case "url_verification":
                    return Results.Json(new { challenge = (string?)payload["challenge"] });
                case "event_callback" when payload["event"] is JsonObject message && SlackMessages.IsForBriefly(message):
                    await edge.AcceptEventAsync((string?)payload["team_id"], message, (string?)payload["event_id"], context.RequestAborted);
                    break;
                case "event_callback" when payload["event"] is JsonObject joined && SlackMessages.BotJoined(payload, joined):
                    await edge.AcceptEventAsync((string?)payload["team_id"], SlackMessages.Welcome(joined), (string?)payload["event_id"], context.RequestAborted);
                    break;
                // Marking is idempotent, so Slack delivering one of these twice does no harm.
                case "event_callback" when payload["event"] is JsonObject left && SlackMessages.ChannelLeft(payload, left) is { } channel:
                    await removals.RemovedAsync(ChatPlatform.Slack, channel, context.RequestAborted);
                    break;
                case "event_callback" when payload["event"] is JsonObject ended && SlackMessages.Uninstalled(payload, ended) is { } team:
                    await removals.UninstalledAsync(ChatPlatform.Slack, team, context.RequestAborted);
                    break;
            }
            return Results.Ok();
        });
    }

    private static async Task<IResult> CommandsAsync(HttpContext context, SlackEdge edge)
    {
        var (body, refusal) = await VerifiedBodyAsync(context);
        if (refusal is not null) return refusal;
        var form = QueryHelpers.ParseQuery(body).ToDictionary(p => p.Key, p => p.Value.ToString());
        if (!form.ContainsKey("user_id") || !form.ContainsKey("channel_id"))
            return Results.BadRequest(new { error = "A slash command needs user_id and channel_id." });
        return await AcceptingAsync(async () => { await edge.AcceptCommandAsync(form, context.RequestAborted); return Results.Ok(); });
    }

    private static async Task<IResult> InteractivityAsync(HttpContext context, SlackEdge edge)
    {
        var (body, refusal) = await VerifiedBodyAsync(context);
        if (refusal is not null) return refusal;
        var form = QueryHelpers.ParseQuery(body);
        if (ParseObject(form.GetValueOrDefault("payload").ToString()) is not { } payload)
            return Results.BadRequest(new { error = "The form's payload field is not a JSON object." });
        return await AcceptingAsync(async () => { await edge.AcceptActionAsync(payload, context.RequestAborted); return Results.Ok(); });
    }

    /// <summary>
    /// Stores the message for answering and acknowledges it. A body that is signed but not what Slack sends (a field
    /// missing or of the wrong type) is a 400 naming the problem, and nothing is stored.
    /// </summary>
    private static async Task<IResult> AcceptingAsync(Func<Task<IResult>> accept)
    {
        try
        {
            return await accept();
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException or JsonException)
        {
            // JsonNode's casts throw InvalidOperationException for a value of another type ("user": 42).
            return Results.BadRequest(new { error = e.Message });
        }
    }

    /// <summary>The raw body when Slack signed it; otherwise the response to send (403 Slack off, 401 unsigned, 413 too large).</summary>
    private static async Task<(string Body, IResult? Refusal)> VerifiedBodyAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<SlackOptions>>().Value;
        if (!options.Enabled) return ("", Results.Json(new { error = "Slack is not configured on this host (Slack:SigningSecret)." }, statusCode: 403));
        if (context.Request.ContentLength > MaxRequestBytes) return ("", Results.StatusCode(StatusCodes.Status413PayloadTooLarge));

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length > MaxRequestBytes) return ("", Results.StatusCode(StatusCodes.Status413PayloadTooLarge));

        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var problem = SlackSignature.Problem(options.SigningSecret!, context.Request.Headers["X-Slack-Request-Timestamp"],
            context.Request.Headers["X-Slack-Signature"], buffer.GetBuffer().AsSpan(0, (int)buffer.Length), now);
        if (problem is not null)
        {
            LogRejected(Logger(context), context.Request.Path, problem);
            return ("", Results.Unauthorized());
        }
        return (System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
    }

    private static JsonObject? ParseObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SlackHostingExtensions));

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Rejected a request to {Path}: {Problem}")]
    private static partial void LogRejected(ILogger logger, string path, string problem);
}
