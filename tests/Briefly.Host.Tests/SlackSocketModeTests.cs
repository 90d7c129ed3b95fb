using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Briefly.Data;
using Briefly.Testing;
using Microsoft.AspNetCore.Http;

namespace Briefly.Host.Tests;

/// <summary>
/// Socket Mode through a served host and a loopback Slack that speaks the WebSocket side: hello, a direct message, a
/// slash command, then "disconnect"; after the host reconnects, a button press. Every envelope is acknowledged by its id
/// and answered as over HTTP, with no public address and no signing secret.
/// </summary>
public sealed class SlackSocketModeTests
{
    [Fact]
    public async Task Envelopes_are_acknowledged_and_answered_and_a_disconnect_is_followed_by_a_new_connection()
    {
        var slack = new SocketSlack();
        await using var server = await LoopbackServer.StartAsync(slack.HandleAsync);
        slack.Address = server.BaseAddress;
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, new()
        {
            ["Slack:AppToken"] = "xapp-1-socket-test", ["Slack:BotToken"] = "xoxb-socket-test",
            ["Slack:ApiBaseUrl"] = server.Url("api/").ToString(), ["Briefly:DefaultBriefTime"] = "off",
        });

        await WaitAsync(() => slack.Acknowledged.Count >= 3 && slack.Posts("/respond/button").Count > 0, host);

        Assert.Equal(["Ev-dm", "Ev-command", "Ev-button"], slack.Acknowledged);
        Assert.Equal(2, slack.Opened);
        Assert.All(slack.Calls.Where(c => c.Path == "/api/apps.connections.open"), c => Assert.Equal("Bearer xapp-1-socket-test", c.Authorization));
        var dm = Assert.Single(slack.Posts("/api/chat.postMessage"));
        Assert.Contains("D0SOCKET", dm.Body);
        Assert.Equal("Bearer xoxb-socket-test", dm.Authorization);
        Assert.Single(slack.Posts("/respond/command"));
        Assert.Contains("Connected to Slack over Socket Mode", host.Log);
        Assert.Contains("Slack asked to reconnect (refresh_requested)", host.Log);

        // With no signing secret the HTTP endpoints take nothing.
        using var client = new HttpClient { BaseAddress = host.Url };
        using var refused = await client.PostAsync("/slack/events", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    private static async Task WaitAsync(Func<bool> done, RunningHost host)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Not answered in time. The host said:\n" + host.Log);
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Slack's side of Socket Mode on loopback: apps.connections.open hands out a ws:// address; the first connection gets
    /// hello, a DM and a slash command, then disconnect; the next gets hello and a button press. Web API calls and
    /// response_url posts are recorded.
    /// </summary>
    private sealed class SocketSlack
    {
        private readonly ConcurrentQueue<Call> _calls = new();
        private readonly ConcurrentQueue<string> _acknowledged = new();
        private int _opened;

        public Uri Address { get; set; } = null!;

        public int Opened => _opened;

        public IReadOnlyList<string> Acknowledged => [.. _acknowledged];

        public IReadOnlyList<Call> Calls => [.. _calls];

        public IReadOnlyList<Call> Posts(string path) => [.. _calls.Where(c => c.Path == path)];

        public async Task HandleAsync(HttpContext http)
        {
            var path = http.Request.Path.Value ?? "";
            if (path == "/link" && http.WebSockets.IsWebSocketRequest)
            {
                using var socket = await http.WebSockets.AcceptWebSocketAsync();
                await ConverseAsync(socket, first: http.Request.Query["n"] == "1");
                return;
            }
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            _calls.Enqueue(new Call(path, http.Request.Headers.Authorization.ToString(), body));
            http.Response.ContentType = "application/json";
            if (path == "/api/apps.connections.open")
            {
                var n = Interlocked.Increment(ref _opened);
                var ws = new UriBuilder(Address) { Scheme = "ws", Path = "/link", Query = $"n={n}" }.Uri;
                await http.Response.WriteAsync(new JsonObject { ["ok"] = true, ["url"] = ws.AbsoluteUri }.ToJsonString());
                return;
            }
            await http.Response.WriteAsync(path == "/api/users.info"
                ? """{"ok":true,"user":{"id":"U0ASKER","tz":"UTC"}}"""
                : """{"ok":true,"ts":"1764850000.000300"}""");
        }

        private async Task ConverseAsync(WebSocket socket, bool first)
        {
            await SendAsync(socket, new JsonObject { ["type"] = "hello", ["num_connections"] = 1 });
            if (first)
            {
                await ExchangeAsync(socket, "Ev-dm", "events_api", new JsonObject
                {
                    ["type"] = "event_callback", ["team_id"] = "T0SOCKET", ["event_id"] = "Ev0SOCKETDM",
                    ["event"] = new JsonObject
                    {
                        ["type"] = "message", ["channel_type"] = "im", ["user"] = "U0ASKER", ["channel"] = "D0SOCKET", ["text"] = "help",
                        ["ts"] = "1764850000.000100",
                    },
                    ["authorizations"] = new JsonArray(new JsonObject { ["team_id"] = "T0SOCKET", ["user_id"] = "U0BRIEFLY", ["is_bot"] = true }),
                });
                await ExchangeAsync(socket, "Ev-command", "slash_commands", new JsonObject
                {
                    ["command"] = "/brief", ["text"] = "my topics", ["team_id"] = "T0SOCKET", ["channel_id"] = "C0SOCKET",
                    ["user_id"] = "U0ASKER", ["response_url"] = new Uri(Address, "respond/command").AbsoluteUri, ["trigger_id"] = "1.2.3",
                });
                await SendAsync(socket, new JsonObject { ["type"] = "disconnect", ["reason"] = "refresh_requested" });
                await WaitClosedAsync(socket);
                return;
            }
            await ExchangeAsync(socket, "Ev-button", "interactive", new JsonObject
            {
                ["type"] = "block_actions", ["team"] = new JsonObject { ["id"] = "T0SOCKET" }, ["user"] = new JsonObject { ["id"] = "U0ASKER" },
                ["channel"] = new JsonObject { ["id"] = "C0SOCKET" }, ["actions"] = new JsonArray(new JsonObject { ["value"] = "help" }),
                ["response_url"] = new Uri(Address, "respond/button").AbsoluteUri,
            });
            await WaitClosedAsync(socket);
        }

        /// <summary>Sends an envelope and waits for its acknowledgement.</summary>
        private async Task ExchangeAsync(WebSocket socket, string id, string type, JsonObject payload)
        {
            await SendAsync(socket, new JsonObject { ["envelope_id"] = id, ["type"] = type, ["payload"] = payload, ["accepts_response_payload"] = false });
            var buffer = new byte[4096];
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            var ack = JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, received.Count))!;
            _acknowledged.Enqueue((string)ack["envelope_id"]!);
        }

        private static Task SendAsync(WebSocket socket, JsonObject message) =>
            socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);

        /// <summary>Holds the connection until the host closes it (or the test ends).</summary>
        private static async Task WaitClosedAsync(WebSocket socket)
        {
            var buffer = new byte[1024];
            try
            {
                while (socket.State == WebSocketState.Open)
                    if ((await socket.ReceiveAsync(buffer, CancellationToken.None)).MessageType == WebSocketMessageType.Close) break;
            }
            catch (WebSocketException)
            {
            }
        }
    }

    private sealed record Call(string Path, string Authorization, string Body);
}
