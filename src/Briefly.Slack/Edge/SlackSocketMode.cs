using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefly.Slack.Edge;

/// <summary>
/// Socket Mode (https://docs.slack.dev/apis/events-api/using-socket-mode): with <c>Slack:AppToken</c> the host asks
/// <c>apps.connections.open</c> for a WebSocket address and takes Slack's events, slash commands and button presses over
/// it, so a host behind a firewall needs no public address. Each envelope is handed to the same <see cref="SlackInbound"/>
/// as the HTTP endpoints, then acknowledged by its <c>envelope_id</c>; Slack sends an envelope nobody acknowledged again.
/// On <c>disconnect</c>, or when the connection drops, a new one is opened, after a growing pause if opening fails. Every
/// host of a deployment holds a connection of its own and Slack spreads the envelopes over them.
/// </summary>
internal sealed class SlackSocketMode(
    IHttpClientFactory clients, IServiceScopeFactory scopes, IOptions<SlackOptions> options, ILogger<SlackSocketMode> logger) : BackgroundService
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(60);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = FirstPause;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var address = await OpenAsync(stoppingToken);
                using var socket = new ClientWebSocket();
                await socket.ConnectAsync(address, stoppingToken);
                var reason = await ServeAsync(socket, () => pause = FirstPause, stoppingToken);
                SlackLog.SocketReconnecting(logger, reason);
                if (socket.State == WebSocketState.Open)
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "reconnecting", CancellationToken.None);
                continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException or SlackApiException or JsonException or IOException)
            {
                SlackLog.SocketConnectionFailed(logger, e.Message, pause);
            }
            await Task.Delay(pause, stoppingToken);
            pause = TimeSpan.FromTicks(Math.Min(LongestPause.Ticks, pause.Ticks * 2));
        }
    }

    /// <remarks>https://docs.slack.dev/reference/methods/apps.connections.open (an app-level token, scope connections:write)</remarks>
    private async Task<Uri> OpenAsync(CancellationToken cancellationToken)
    {
        var slack = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(slack.ApiBaseUrl, "apps.connections.open"))
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", slack.AppToken) },
        };
        using var response = await clients.CreateClient(nameof(SlackSocketMode)).SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) ?? [];
        if ((bool?)answer["ok"] != true || !Uri.TryCreate((string?)answer["url"], UriKind.Absolute, out var url))
            throw new SlackApiException("apps.connections.open", (string?)answer["error"] ?? "no_url");
        return url;
    }

    /// <summary>Takes envelopes until Slack says to reconnect or the connection ends; returns why it ended.</summary>
    private async Task<string> ServeAsync(ClientWebSocket socket, Action connected, CancellationToken stoppingToken)
    {
        var buffer = new byte[16 * 1024];
        using var text = new MemoryStream();
        while (socket.State == WebSocketState.Open)
        {
            text.SetLength(0);
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer, stoppingToken);
                if (received.MessageType == WebSocketMessageType.Close) return $"closed by Slack ({received.CloseStatusDescription})";
                text.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);

            var envelope = JsonSerializer.Deserialize(text.GetBuffer().AsSpan(0, (int)text.Length), SlackPayloadJson.Default.SlackEnvelope);
            switch (envelope)
            {
                case { Type: "hello" }:
                    connected();
                    SlackLog.SocketConnected(logger);
                    break;
                case { Type: "disconnect" }:
                    return $"Slack asked to reconnect ({envelope.Reason})";
                case { EnvelopeId: { Length: > 0 } id }:
                    await HandleAsync(envelope, stoppingToken);
                    await socket.SendAsync(Encoding.UTF8.GetBytes(new JsonObject { ["envelope_id"] = id }.ToJsonString()),
                        WebSocketMessageType.Text, endOfMessage: true, stoppingToken);
                    break;
            }
        }
        return $"the connection ended ({socket.State})";
    }

    /// <summary>
    /// Hands an envelope's payload to <see cref="SlackInbound"/>. A payload that is not what Slack sends is logged and
    /// acknowledged anyway: sent again it would fail again.
    /// </summary>
    private async Task HandleAsync(SlackEnvelope envelope, CancellationToken cancellationToken)
    {
        var payload = envelope.Payload?.GetRawText() ?? "null";
        await using var scope = scopes.CreateAsyncScope();
        var inbound = scope.ServiceProvider.GetRequiredService<SlackInbound>();
        try
        {
            switch (envelope.Type)
            {
                case "events_api":
                    await inbound.EventAsync(SlackPayloadReader.Events(payload), cancellationToken);
                    break;
                case "slash_commands":
                    await inbound.CommandAsync(SlackPayloadReader.CommandJson(payload), cancellationToken);
                    break;
                case "interactive":
                    await inbound.ActionAsync(SlackPayloadReader.InteractionJson(payload), cancellationToken);
                    break;
                default:
                    SlackLog.EnvelopeIgnored(logger, envelope.Type);
                    break;
            }
        }
        catch (SlackPayloadException e)
        {
            SlackLog.EnvelopeMalformed(logger, envelope.Type, e.Field, e.Message);
        }
    }
}
