using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Briefly.Data;
using Briefly.Data.Entities;
using Briefly.Slack.Edge;
using Briefly.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Host.Tests;

/// <summary>
/// A new team's first day, through the real endpoints of the real host process on a real database, against platforms
/// (loopback servers) that are slow, fail with 503 and rate-limit with Retry-After: the brief starts without anyone
/// typing a schedule, every request is acknowledged before Briefly talks to the platform, and every reply arrives once.
/// </summary>
public sealed class FirstDayTests
{
    private const string SigningSecret = "first-day-secret";

    [Fact]
    public async Task A_new_slack_channel_gets_its_brief_untouched_and_every_reply_arrives_once_through_slowness_503s_and_429s()
    {
        var slack = new ScriptedPlatform(
            // users.info answers only after 2.5 s: the acknowledgement must not wait for it.
            slowPaths: ["/api/users.info"],
            // chat.postMessage: two outages, then a rate limit of 2 s, then fine.
            faults: [HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests],
            faultPath: "/api/chat.postMessage");
        await using var server = await LoopbackServer.StartAsync(slack.HandleAsync);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        var title = await IngestTodaysBriefAsync(database, work);

        // The default brief time a minute ago: a brief whose time passed when the channel is added still comes that day.
        var defaultTime = DateTime.UtcNow.AddMinutes(-1);
        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, new()
        {
            ["Slack:SigningSecret"] = SigningSecret, ["Slack:BotToken"] = "xoxb-first-day", ["Slack:ApiBaseUrl"] = server.Url("api/").ToString(),
            ["Briefly:DefaultBriefTime"] = defaultTime.ToString("HH:mm", CultureInfo.InvariantCulture), ["Briefly:DefaultBriefDays"] = "daily",
        });
        using var client = new HttpClient { BaseAddress = host.Url };

        var acks = new List<HttpStatusCode>
        {
            await PostSlackAsync(client, "/slack/events", Joined("EvJoin"), "application/json"),
            await PostSlackAsync(client, "/slack/events", DirectMessage("EvAsk", "latest on DeepSeek"), "application/json"),
            // Slack sending the same event again (it saw no answer in time) gets no second answer.
            await PostSlackAsync(client, "/slack/events", DirectMessage("EvAsk", "latest on DeepSeek"), "application/json", retry: 1),
            await PostSlackAsync(client, "/slack/commands",
                $"team_id=T0FIRST&channel_id=C0NEWS&channel_name=news&user_id=U0ASKER&text=my+topics&trigger_id=13345224609.738474920.8088930838d88f008e0&response_url={Uri.EscapeDataString(server.Url("respond/cmd").ToString())}",
                "application/x-www-form-urlencoded"),
        };
        // Every request was acknowledged before Slack answered a single call Briefly made for it.
        Assert.All(acks, ack => Assert.Equal(HttpStatusCode.OK, ack));
        Assert.Equal(0, slack.Answered("/api/users.info"));

        await WaitAsync(() => slack.Posts("/api/chat.postMessage").Any(p => p.Text.Contains(title, StringComparison.Ordinal)), host, TimeSpan.FromSeconds(90));
        await WaitAsync(() => slack.Posts("/respond/cmd").Count > 0, host, TimeSpan.FromSeconds(10));

        var posts = slack.Posts("/api/chat.postMessage");
        var welcome = Assert.Single(posts, p => p.Channel == "C0NEWS" && p.Text.Contains("daily brief here at", StringComparison.Ordinal));
        Assert.Contains(defaultTime.ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC", welcome.Text);
        var answer = Assert.Single(posts, p => p.Channel == "D0FIRSTDM");
        Assert.Contains("DeepSeek", answer.Text);
        Assert.Single(slack.Posts("/respond/cmd"));
        Assert.Contains(posts, p => p.Channel == "C0NEWS" && p.Text.Contains(title, StringComparison.Ordinal));
        slack.AssertRetryAfterHonoured("/api/chat.postMessage");
        await using var db = database.CreateContext();
        var channel = await db.Conversations.SingleAsync(c => c.ExternalId == "C0NEWS");
        Assert.Equal((new TimeOnly(defaultTime.Hour, defaultTime.Minute), "UTC", WeekDays.Every), (channel.BriefTime, channel.TimeZone, channel.BriefDays));
        Assert.Equal(DeliveryStatus.Sent, (await db.Deliveries.SingleAsync()).Status);
        AssertNoErrorLogged(host);
    }

    [Fact]
    public async Task A_new_team_gets_its_brief_and_following_from_a_channel_brings_alerts_to_a_personal_chat_through_429s_and_503s()
    {
        var connector = new ScriptedPlatform(
            slowPaths: [],
            faults: [HttpStatusCode.TooManyRequests, HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests],
            faultPath: "/v3/conversations/");
        await using var server = await LoopbackServer.StartAsync(connector.HandleAsync);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        var title = await IngestTodaysBriefAsync(database, work);
        var defaultTime = DateTime.UtcNow.AddMinutes(-1);
        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, new()
        {
            ["Briefly:DefaultBriefTime"] = defaultTime.ToString("HH:mm", CultureInfo.InvariantCulture), ["Briefly:DefaultBriefDays"] = "daily",
        });
        using var client = new HttpClient { BaseAddress = host.Url };

        var installed = JsonNode.Parse(File.ReadAllText(SharedFiles.Reference("teams", "msteams-docs_conversationUpdate_bot-added-to-team.json")))!;
        installed["serviceUrl"] = server.BaseAddress.ToString();
        var mention = JsonNode.Parse(File.ReadAllText(SharedFiles.Reference("teams", "teams-net_message_channel_mention.json")))!;
        mention["serviceUrl"] = server.BaseAddress.ToString();
        mention["text"] = "<at>ridotest</at> subscribe DeepSeek";
        Assert.Equal(HttpStatusCode.OK, await PostTeamsAsync(client, installed));
        Assert.Equal(HttpStatusCode.OK, await PostTeamsAsync(client, mention));

        const string team = "19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2";
        await WaitAsync(() => connector.Posts("/v3/conversations/").Any(p => p.Conversation == team && p.Text.Contains(title, StringComparison.Ordinal)),
            host, TimeSpan.FromSeconds(90));
        var posts = connector.Posts("/v3/conversations/");
        Assert.Single(posts, p => p.Conversation == team && p.Text.Contains("daily brief here at", StringComparison.Ordinal));
        var followed = Assert.Single(posts, p => p.Text.Contains("Following DeepSeek", StringComparison.Ordinal));
        Assert.StartsWith("19:6848757105754c8981c67612732d9aa7@thread.tacv2", followed.Conversation);
        Assert.DoesNotContain(TeamsApology, string.Join("\n", posts.Select(p => p.Text)));

        // The personal chat was opened for the alerts; a story stored now reaches it.
        Assert.Single(connector.Posts("/v3/conversations"), p => p.Path == "/v3/conversations");
        var later = await BrieflyProcess.RunAsync(database, work.Path, "ingest", work.File("later.txt", LaterBrief()));
        Assert.True(later.ExitCode == 0, later.Errors);
        await WaitAsync(() => connector.Posts("/v3/conversations/").Any(p => p.Conversation == ScriptedPlatform.PersonalChat), host, TimeSpan.FromSeconds(90));
        var alert = Assert.Single(connector.Posts("/v3/conversations/"), p => p.Conversation == ScriptedPlatform.PersonalChat);
        Assert.Contains("DeepSeek", alert.Text);
        connector.AssertRetryAfterHonoured("/v3/conversations/");
        AssertNoErrorLogged(host);
    }

    /// <summary>
    /// Many Teams channels installing Briefly and asking it something at once, against a tenant limit well under Briefly's
    /// own pace: every request is acknowledged, every reply arrives once (a 429 is a delay, never an apology or a loss),
    /// and after the connector says Retry-After nothing more is sent to the tenant until it has run out.
    /// </summary>
    [Fact]
    public async Task Many_teams_channels_at_once_over_the_tenant_limit_each_get_their_reply_once_and_no_apology()
    {
        const int Channels = 40;
        var connector = new TenantLimitedConnector(perSecond: 12);
        await using var server = await LoopbackServer.StartAsync(connector.HandleAsync);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        await IngestTodaysBriefAsync(database, work);
        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, new() { ["Briefly:DefaultBriefTime"] = "off" });
        using var client = new HttpClient { BaseAddress = host.Url };

        var activities = Enumerable.Range(0, Channels).SelectMany(i => new[] { Installed(i, server.BaseAddress), Asked(i, server.BaseAddress) }).ToList();
        var acks = await Task.WhenAll(activities.Chunk(8).Select(async chunk =>
        {
            var statuses = new List<HttpStatusCode>();
            foreach (var activity in chunk) statuses.Add(await PostTeamsAsync(client, activity));
            return statuses;
        }));
        Assert.All(acks.SelectMany(a => a), status => Assert.Equal(HttpStatusCode.OK, status));

        await WaitAsync(() => connector.Accepted.Select(c => c.Conversation).Distinct().Count() == 2 * Channels, host, TimeSpan.FromSeconds(120));
        await Task.Delay(TimeSpan.FromSeconds(3));
        var accepted = connector.Accepted;
        for (var i = 0; i < Channels; i++)
        {
            Assert.Single(accepted, c => c.Conversation == InstalledChannel(i));
            Assert.Contains("DeepSeek", Assert.Single(accepted, c => c.Conversation.StartsWith(AskingChannel(i), StringComparison.Ordinal)).Text);
        }
        Assert.DoesNotContain(accepted, c => c.Text.Contains(TeamsApology, StringComparison.Ordinal));
        Assert.True(connector.Refused > 0, "The tenant limit never refused a call: the test did not load the connector.");
        Assert.Empty(connector.Violations);
        AssertNoErrorLogged(host);
    }

    private static string InstalledChannel(int i) => $"19:installed{i:D3}@thread.tacv2";

    private static string AskingChannel(int i) => $"19:asking{i:D3}@thread.tacv2";

    private const string LoadTenant = "b28fdbfd-2b78-4f93-b0f8-8881793f0f8f";

    private static JsonNode Installed(int i, Uri serviceUrl)
    {
        var activity = JsonNode.Parse(File.ReadAllText(SharedFiles.Reference("teams", "msteams-docs_conversationUpdate_bot-added-to-team.json")))!;
        activity["id"] = $"f:installed-{i}";
        activity["serviceUrl"] = serviceUrl.ToString();
        activity["conversation"]!["id"] = InstalledChannel(i);
        activity["channelData"]!["settings"]!["selectedChannel"]!["id"] = InstalledChannel(i);
        activity["channelData"]!["team"]!["id"] = $"19:installed-team{i:D3}@thread.tacv2";
        return activity;
    }

    /// <summary>A person new to Briefly asking in a channel of another team.</summary>
    private static JsonNode Asked(int i, Uri serviceUrl)
    {
        var activity = JsonNode.Parse(File.ReadAllText(SharedFiles.Reference("teams", "teams-net_message_channel_mention.json")))!;
        activity["id"] = $"asked-{i}";
        activity["serviceUrl"] = serviceUrl.ToString();
        activity["text"] = "<at>ridotest</at> latest on DeepSeek";
        activity["conversation"]!["id"] = $"{AskingChannel(i)};messageid=17599{i:D8}";
        activity["conversation"]!["tenantId"] = LoadTenant;
        activity["channelData"]!["teamsChannelId"] = AskingChannel(i);
        activity["channelData"]!["channel"]!["id"] = AskingChannel(i);
        activity["channelData"]!["teamsTeamId"] = $"19:asking-team{i:D3}@thread.tacv2";
        activity["channelData"]!["team"]!["id"] = $"19:asking-team{i:D3}@thread.tacv2";
        activity["channelData"]!["tenant"]!["id"] = LoadTenant;
        activity["from"]!["id"] = $"29:asker-{i}";
        activity["from"]!["aadObjectId"] = new Guid(i + 1, 0, 0, new byte[8]).ToString();
        return activity;
    }

    /// <summary>
    /// A Bot Connector whose tenant takes at most so many messages in any second, refusing the rest with 429 and
    /// Retry-After: 1 (as Teams limits a bot per tenant). A call that arrives while a Retry-After it gave is still running,
    /// later than the calls that were already on their way when it was given, is a violation.
    /// </summary>
    private sealed class TenantLimitedConnector(int perSecond)
    {
        private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

        /// <summary>Calls sent before the refusal reached Briefly still arrive just after it; they are not violations.</summary>
        private static readonly TimeSpan InFlight = TimeSpan.FromMilliseconds(150);

        private readonly Lock _gate = new();
        private readonly Queue<DateTime> _window = new();
        private readonly List<Call> _accepted = [];
        private readonly List<string> _violations = [];
        private DateTime? _refusedAt;

        public int Refused { get; private set; }

        public IReadOnlyList<Call> Accepted { get { lock (_gate) return [.. _accepted]; } }

        public IReadOnlyList<string> Violations { get { lock (_gate) return [.. _violations]; } }

        public async Task HandleAsync(HttpContext http)
        {
            var path = http.Request.Path.Value ?? "";
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            http.Response.ContentType = "application/json";
            if (!path.StartsWith("/v3/conversations/", StringComparison.Ordinal))
            {
                await http.Response.WriteAsync("""{"id":"a:1personal"}""");
                return;
            }
            var conversation = Uri.UnescapeDataString(path["/v3/conversations/".Length..].Split('/')[0]);
            var now = DateTime.UtcNow;
            bool refuse;
            lock (_gate)
            {
                if (_refusedAt is { } at && now > at + InFlight && now < at + RetryAfter)
                    _violations.Add($"{conversation} at {(now - at).TotalMilliseconds:F0} ms into a Retry-After of {RetryAfter.TotalSeconds} s");
                while (_window.Count > 0 && now - _window.Peek() >= TimeSpan.FromSeconds(1)) _window.Dequeue();
                refuse = _window.Count >= perSecond;
                if (refuse)
                {
                    _refusedAt = now;
                    Refused++;
                }
                else
                {
                    _window.Enqueue(now);
                    _accepted.Add(new Call(path, conversation, HttpStatusCode.OK, now, body));
                }
            }
            if (refuse)
            {
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                await http.Response.WriteAsync("""{"error":{"code":"TooManyRequests"}}""");
                return;
            }
            await http.Response.WriteAsync($$"""{"id":"activity-{{Guid.NewGuid():N}}"}""");
        }
    }

    private const string TeamsApology = "Sorry, something went wrong";

    private static async Task<string> IngestTodaysBriefAsync(TestDatabase database, TempFolder work)
    {
        await DeliveryRun.AwayFromMidnightAsync(TimeSpan.FromMinutes(4));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var sample = JsonNode.Parse(File.ReadAllText(RepositoryFiles.Path("samples", "briefs", "brief-2026-11-25.json")))!;
        var title = "China AI Update Brief — " + today.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        sample["title"] = title;
        sample["date"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var ingested = await BrieflyProcess.RunAsync(database, work.Path, "ingest", work.File("today.json", sample.ToJsonString()));
        Assert.True(ingested.ExitCode == 0, ingested.Errors);
        return title;
    }

    /// <summary>A brief of its own, stored after the person followed DeepSeek.</summary>
    private static string LaterBrief() => $"""
        Evening Update — {DateTime.UtcNow:d MMMM yyyy}

        Top Stories

        DeepSeek ships a smaller reasoning model

        Source: Example Wire — {DateTime.UtcNow:d MMMM yyyy} Summary: DeepSeek released a compact reasoning model for laptops. Why It Matters: Cheaper local inference. Citation URL: https://example.test/deepseek-small
        """;

    private static string Joined(string eventId) => Envelope(eventId, new JsonObject
    {
        ["type"] = "member_joined_channel", ["user"] = "U0BRIEFLY", ["channel"] = "C0NEWS", ["channel_type"] = "C",
        ["team"] = "T0FIRST", ["inviter"] = "U0ASKER",
    });

    private static string DirectMessage(string eventId, string text) => Envelope(eventId, new JsonObject
    {
        ["type"] = "message", ["channel_type"] = "im", ["user"] = "U0ASKER", ["channel"] = "D0FIRSTDM", ["text"] = text,
        ["ts"] = "1764850000.000100",
    });

    private static string Envelope(string eventId, JsonObject inner) => new JsonObject
    {
        ["type"] = "event_callback", ["team_id"] = "T0FIRST", ["event_id"] = eventId, ["event"] = inner,
        ["authorizations"] = new JsonArray(new JsonObject { ["team_id"] = "T0FIRST", ["user_id"] = "U0BRIEFLY", ["is_bot"] = true }),
    }.ToJsonString();

    private static async Task<HttpStatusCode> PostSlackAsync(HttpClient client, string path, string body, string contentType, int? retry = null)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignature.Sign(SigningSecret, timestamp, Encoding.UTF8.GetBytes(body)));
        if (retry is { } number)
        {
            request.Headers.Add("X-Slack-Retry-Num", number.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> PostTeamsAsync(HttpClient client, JsonNode activity)
    {
        using var response = await client.PostAsync("/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }

    /// <summary>Rate limits and outages are routine: nothing about them is an error (the console logger writes errors as "fail:").</summary>
    private static void AssertNoErrorLogged(RunningHost host) =>
        Assert.Empty(host.LinesAt("fail", "crit"));

    private static async Task WaitAsync(Func<bool> done, RunningHost host, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Not delivered in time. The host said:\n" + host.Log);
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// A platform on loopback: answers every call, slowly on some paths, and fails the first calls to one path with the
    /// given statuses (a 429 or 503 says Retry-After: 2), recording when each call came and what it carried.
    /// </summary>
    private sealed class ScriptedPlatform(string[] slowPaths, HttpStatusCode[] faults, string faultPath)
    {
        public const string PersonalChat = "a:1personal-chat-first-day";
        private static readonly TimeSpan Slowness = TimeSpan.FromSeconds(2.5);
        private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);
        private readonly ConcurrentQueue<Call> _calls = new();
        private readonly ConcurrentDictionary<string, int> _answered = new();
        private int _faultsUsed;

        public int Answered(string path) => _answered.GetValueOrDefault(path);

        /// <summary>The calls to paths starting with <paramref name="prefix"/> that the platform accepted.</summary>
        public IReadOnlyList<Call> Posts(string prefix) => [.. _calls.Where(c => c.Path.StartsWith(prefix, StringComparison.Ordinal) && c.Status == HttpStatusCode.OK)];

        /// <summary>No call to the path came before the Retry-After of a refusal to the same conversation had run out.</summary>
        public void AssertRetryAfterHonoured(string prefix)
        {
            var all = _calls.Where(c => c.Path.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(c => c.At).ToList();
            foreach (var refused in all.Where(c => c.Status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
            {
                var next = all.FirstOrDefault(c => c.At > refused.At && c.Conversation == refused.Conversation);
                if (next is not null) Assert.True(next.At - refused.At >= RetryAfter - TimeSpan.FromMilliseconds(50),
                    $"{refused.Conversation} was called again {(next.At - refused.At).TotalMilliseconds:F0} ms after a Retry-After of {RetryAfter.TotalSeconds} s");
            }
        }

        public async Task HandleAsync(HttpContext http)
        {
            var path = http.Request.Path.Value ?? "";
            var body = http.Request.ContentLength > 0 || http.Request.Method == "POST" ? await new StreamReader(http.Request.Body).ReadToEndAsync() : "";
            var json = body.StartsWith('{') ? JsonNode.Parse(body) : null;
            if (slowPaths.Contains(path)) await Task.Delay(Slowness);

            var status = HttpStatusCode.OK;
            if (path.StartsWith(faultPath, StringComparison.Ordinal) && path != "/v3/conversations")
            {
                var index = Interlocked.Increment(ref _faultsUsed) - 1;
                if (index < faults.Length) status = faults[index];
            }
            // A Teams post names its conversation in the path; a Slack post in its body.
            var conversation = path.StartsWith("/v3/conversations/", StringComparison.Ordinal)
                ? Uri.UnescapeDataString(path["/v3/conversations/".Length..].Split('/')[0])
                : (string?)json?["channel"] ?? path;
            _calls.Enqueue(new Call(path, conversation, status, DateTime.UtcNow, json?.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? ""));
            _answered.AddOrUpdate(path, 1, (_, n) => n + 1);

            http.Response.ContentType = "application/json";
            if (status != HttpStatusCode.OK)
            {
                http.Response.StatusCode = (int)status;
                http.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                await http.Response.WriteAsync("""{"ok":false,"error":"ratelimited"}""");
                return;
            }
            await http.Response.WriteAsync(path switch
            {
                "/api/users.info" => """{"ok":true,"user":{"id":"U0ASKER","tz":"UTC"}}""",
                "/api/conversations.open" => """{"ok":true,"channel":{"id":"D0FIRSTDM"}}""",
                "/v3/conversations" => $$"""{"id":"{{PersonalChat}}"}""",
                _ when path.StartsWith("/v3/", StringComparison.Ordinal) => $$"""{"id":"activity-{{_calls.Count}}"}""",
                _ => $$"""{"ok":true,"ts":"1764850000.{{_calls.Count:D6}}"}""",
            });
        }
    }

    private sealed record Call(string Path, string Conversation, HttpStatusCode Status, DateTime At, string Text)
    {
        public string Channel => Conversation;
    }
}
