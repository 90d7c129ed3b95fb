using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Briefly.Slack.Install;
using Microsoft.Extensions.Options;

namespace Briefly.Slack.Edge;

/// <summary>
/// The few Slack Web API methods Briefly calls, as a typed HttpClient. Each call names its workspace (<c>team</c>) and is
/// made with that workspace's bot token (<see cref="SlackBotTokens"/>).
/// </summary>
public sealed class SlackApiClient(HttpClient http, IOptions<SlackOptions> options, SlackBotTokens tokens)
{
    /// <summary>Posts a message; <paramref name="body"/> is a rendered message without its channel.</summary>
    /// <remarks>https://docs.slack.dev/reference/methods/chat.postMessage</remarks>
    /// <param name="metadata">Message metadata (<c>event_type</c>, <c>event_payload</c>) kept with the message, for finding it later.</param>
    public Task<JsonObject> PostMessageAsync(string? team, string channel, JsonObject body, string? threadTs, CancellationToken cancellationToken, JsonObject? metadata = null)
    {
        var message = body.DeepClone().AsObject();
        message["channel"] = channel;
        if (threadTs is not null) message["thread_ts"] = threadTs;
        if (metadata is not null) message["metadata"] = metadata;
        return CallAsync(team, "chat.postMessage", message, cancellationToken);
    }

    /// <summary>Publishes a person's Home tab: <paramref name="view"/> is a view of type "home".</summary>
    /// <remarks>https://docs.slack.dev/reference/methods/views.publish (Tier 4)</remarks>
    public Task<JsonObject> PublishHomeAsync(string? team, string userId, JsonObject view, CancellationToken cancellationToken) =>
        CallAsync(team, "views.publish", new JsonObject { ["user_id"] = userId, ["view"] = view }, cancellationToken);

    /// <summary>The channel's messages since <paramref name="oldest"/>, newest first, with their metadata (one page of up to 200).</summary>
    /// <remarks>https://docs.slack.dev/reference/methods/conversations.history (Tier 3; scopes channels:history, groups:history, im:history)</remarks>
    public async Task<JsonArray> HistoryAsync(string? team, string channel, DateTime oldest, CancellationToken cancellationToken)
    {
        var since = (new DateTimeOffset(oldest, TimeSpan.Zero).ToUnixTimeMilliseconds() / 1000.0).ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture);
        using var request = await RequestAsync(team, HttpMethod.Get,
            $"conversations.history?channel={Uri.EscapeDataString(channel)}&oldest={since}&include_all_metadata=true&limit=200", cancellationToken);
        var result = await SendAsync(request, "conversations.history", cancellationToken);
        return result["messages"] as JsonArray ?? [];
    }

    /// <summary>The id of the bot's direct message channel with the person, opened if need be.</summary>
    /// <remarks>https://docs.slack.dev/reference/methods/conversations.open (scope im:write)</remarks>
    public async Task<string> OpenDirectChatAsync(string? team, string userId, CancellationToken cancellationToken)
    {
        var result = await CallAsync(team, "conversations.open", new JsonObject { ["users"] = userId }, cancellationToken);
        return (string?)result["channel"]?["id"] ?? throw new SlackApiException("conversations.open", "no_channel_in_response");
    }

    /// <summary>The person's IANA time zone (<c>user.tz</c>), or null when Slack does not say.</summary>
    /// <remarks>https://docs.slack.dev/reference/methods/users.info (scope users:read)</remarks>
    public async Task<string?> TimeZoneOfAsync(string? team, string userId, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(team, HttpMethod.Get, $"users.info?user={Uri.EscapeDataString(userId)}", cancellationToken);
        var result = await SendAsync(request, "users.info", cancellationToken);
        return (string?)result["user"]?["tz"];
    }

    /// <summary>
    /// Answers through an interaction's <c>response_url</c> (a slash command or a button press), which needs no token
    /// and can post a message only the person sees.
    /// </summary>
    /// <remarks>https://docs.slack.dev/interactivity/handling-user-interaction/#message_responses</remarks>
    public async Task RespondAsync(Uri responseUrl, JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(responseUrl, body, cancellationToken);
        await ThrowIfRateLimited(response, "response_url");
        response.EnsureSuccessStatusCode();
    }

    private async Task<JsonObject> CallAsync(string? team, string method, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(team, HttpMethod.Post, method, cancellationToken);
        request.Content = JsonContent.Create(body);
        return await SendAsync(request, method, cancellationToken);
    }

    private async Task<HttpRequestMessage> RequestAsync(string? team, HttpMethod verb, string pathAndQuery, CancellationToken cancellationToken) =>
        new(verb, new Uri(options.Value.ApiBaseUrl, pathAndQuery))
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", await tokens.ForTeamAsync(team, cancellationToken)) },
        };

    private async Task<JsonObject> SendAsync(HttpRequestMessage request, string method, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(request, cancellationToken);
        await ThrowIfRateLimited(response, method);
        response.EnsureSuccessStatusCode();
        // The Web API reports most failures as 200 with {"ok": false, "error": "channel_not_found"}.
        var result = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken)
            ?? throw new SlackApiException(method, "empty_response");
        return (bool?)result["ok"] == true ? result : throw new SlackApiException(method, (string?)result["error"] ?? "unknown_error");
    }

    /// <summary>A 429 (https://docs.slack.dev/apis/web-api/rate-limits) or a 5xx: Slack asks to come back, after its Retry-After when it gives one.</summary>
    private static Task ThrowIfRateLimited(HttpResponseMessage response, string method)
    {
        var retryAfter = response.Headers.RetryAfter is { } header
            ? header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null)
            : null;
        if (response.StatusCode == HttpStatusCode.TooManyRequests) throw new SlackRateLimitedException(method, retryAfter ?? TimeSpan.FromSeconds(30));
        if ((int)response.StatusCode >= 500) throw new SlackUnavailableException(method, (int)response.StatusCode, retryAfter);
        return Task.CompletedTask;
    }
}

/// <summary>A Web API call Slack refused, with Slack's error code (e.g. <c>not_in_channel</c>).</summary>
public class SlackApiException(string method, string error) : Exception($"Slack {method} failed: {error}")
{
    public string Method { get; } = method;

    public string Error { get; } = error;
}

/// <summary>Slack answered 429: the call may be made again after <see cref="RetryAfter"/>.</summary>
public sealed class SlackRateLimitedException(string method, TimeSpan retryAfter) : SlackApiException(method, "ratelimited")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>Slack answered with a server error (500, 503, …): the call may be made again, after <see cref="RetryAfter"/> when Slack gave one.</summary>
public sealed class SlackUnavailableException(string method, int status, TimeSpan? retryAfter) : SlackApiException(method, $"http_{status}")
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
