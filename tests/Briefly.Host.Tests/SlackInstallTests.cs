using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using Briefly.Data;
using Briefly.Slack.Edge;
using Briefly.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Host.Tests;

/// <summary>
/// "Add to Slack" in two workspaces through a served host and a loopback Slack: the install's state is bound to the
/// browser, each workspace's bot token is stored encrypted, every call for a workspace is made with its own token, and
/// uninstalling removes the token.
/// </summary>
public sealed class SlackInstallTests
{
    private const string SigningSecret = "install-signing-secret";
    private const string RedirectUrl = "https://briefly.example.com/slack/oauth/callback";

    [Fact]
    public async Task Two_workspaces_install_and_each_is_answered_with_its_own_token_kept_encrypted_until_it_uninstalls()
    {
        var slack = new FakeSlack();
        await using var server = await LoopbackServer.StartAsync(slack.HandleAsync);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, new()
        {
            ["Slack:SigningSecret"] = SigningSecret, ["Slack:ClientId"] = "1111.2222", ["Slack:ClientSecret"] = "client-secret",
            ["Slack:OAuthRedirectUrl"] = RedirectUrl, ["Slack:ApiBaseUrl"] = server.Url("api/").ToString(),
            ["Briefly:DefaultBriefTime"] = "off",
        });

        var alpha = await InstallAsync(host, "code-alpha");
        var beta = await InstallAsync(host, "code-beta");

        Assert.Equal(HttpStatusCode.OK, alpha.StatusCode);
        Assert.Contains("Alpha News", alpha.Page);
        Assert.Equal(HttpStatusCode.OK, beta.StatusCode);
        var exchanges = slack.Calls("/api/oauth.v2.access");
        Assert.Equal(2, exchanges.Count);
        Assert.All(exchanges, e => Assert.Contains("redirect_uri=" + Uri.EscapeDataString(RedirectUrl), e.Body));
        await using (var db = database.CreateContext())
        {
            var installs = await db.SlackInstallations.OrderBy(i => i.TeamId).ToListAsync();
            Assert.Equal(["T0ALPHA", "T0BETA"], installs.Select(i => i.TeamId));
            Assert.All(installs, i => Assert.DoesNotContain("xoxb-", i.ProtectedBotToken));
        }
        Assert.False(FileHolds(database, "xoxb-alpha-secret"), "The bot token is readable in the database file.");

        using var client = new HttpClient { BaseAddress = host.Url };
        Assert.Equal(HttpStatusCode.OK, await PostEventAsync(client, DirectMessage("T0ALPHA", "D0ALPHA", "EvAlpha")));
        Assert.Equal(HttpStatusCode.OK, await PostEventAsync(client, DirectMessage("T0BETA", "D0BETA", "EvBeta")));
        await WaitAsync(() => slack.Calls("/api/chat.postMessage").Count >= 2, host);
        var posts = slack.Calls("/api/chat.postMessage");
        Assert.Equal("Bearer xoxb-alpha-secret", Assert.Single(posts, p => p.Body.Contains("D0ALPHA")).Authorization);
        Assert.Equal("Bearer xoxb-beta-secret", Assert.Single(posts, p => p.Body.Contains("D0BETA")).Authorization);
        Assert.All(slack.Calls("/api/users.info"), c => Assert.StartsWith("Bearer xoxb-", c.Authorization));

        Assert.Equal(HttpStatusCode.OK, await PostEventAsync(client, Envelope("T0ALPHA", "EvGone", new JsonObject { ["type"] = "app_uninstalled" })));
        await using (var db = database.CreateContext())
            Assert.Equal(["T0BETA"], await db.SlackInstallations.Select(i => i.TeamId).ToListAsync());
    }

    [Fact]
    public async Task An_install_not_started_in_this_browser_or_refused_stores_nothing()
    {
        var slack = new FakeSlack();
        await using var server = await LoopbackServer.StartAsync(slack.HandleAsync);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, new()
        {
            ["Slack:SigningSecret"] = SigningSecret, ["Slack:ClientId"] = "1111.2222", ["Slack:ClientSecret"] = "client-secret",
            ["Slack:OAuthRedirectUrl"] = RedirectUrl, ["Slack:ApiBaseUrl"] = server.Url("api/").ToString(),
        });
        using var browser = Browser(host);
        var state = await StartAsync(browser);

        // Another browser brings the state back: it has no cookie for it.
        using var other = Browser(host);
        using var forged = await other.GetAsync($"/slack/oauth/callback?code=code-alpha&state={Uri.EscapeDataString(state)}");
        // The person pressed Cancel on Slack's page.
        using var cancelled = await browser.GetAsync($"/slack/oauth/callback?error=access_denied&state={Uri.EscapeDataString(state)}");
        using var madeUp = await Browser(host).GetAsync("/slack/oauth/callback?code=code-alpha&state=made-up");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, cancelled.StatusCode);
        Assert.Contains("access_denied", await cancelled.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, madeUp.StatusCode);
        Assert.Empty(slack.Calls("/api/oauth.v2.access"));
        await using var db = database.CreateContext();
        Assert.Empty(db.SlackInstallations);
    }

    private static async Task<(HttpStatusCode StatusCode, string Page)> InstallAsync(RunningHost host, string code)
    {
        using var browser = Browser(host);
        var state = await StartAsync(browser);
        using var back = await browser.GetAsync($"/slack/oauth/callback?code={code}&state={Uri.EscapeDataString(state)}");
        return (back.StatusCode, await back.Content.ReadAsStringAsync());
    }

    /// <summary>Follows "Add to Slack" to Slack's authorize page and returns the state it carries.</summary>
    private static async Task<string> StartAsync(HttpClient browser)
    {
        using var start = await browser.GetAsync("/slack/install");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith("https://slack.com/oauth/v2/authorize?", authorize.AbsoluteUri);
        var query = HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal("1111.2222", query["client_id"]);
        Assert.Equal(RedirectUrl, query["redirect_uri"]);
        Assert.Contains("chat:write", query["scope"]!.Split(','));
        return query["state"]!;
    }

    private static HttpClient Browser(RunningHost host) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = host.Url };

    /// <summary>Whether the SQLite file, or its write-ahead log, holds the text anywhere.</summary>
    private static bool FileHolds(TestDatabase database, string text)
    {
        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        var needle = Encoding.UTF8.GetBytes(text);
        return new[] { file, file + "-wal" }.Where(File.Exists).Any(f => File.ReadAllBytes(f).AsSpan().IndexOf(needle) >= 0);
    }

    private static string DirectMessage(string team, string channel, string eventId) => Envelope(team, eventId, new JsonObject
    {
        ["type"] = "message", ["channel_type"] = "im", ["user"] = "U0ASKER", ["channel"] = channel, ["text"] = "help",
        ["ts"] = "1764850000.000100",
    });

    private static string Envelope(string team, string eventId, JsonObject inner) => new JsonObject
    {
        ["type"] = "event_callback", ["team_id"] = team, ["event_id"] = eventId, ["event"] = inner,
        ["authorizations"] = new JsonArray(new JsonObject { ["team_id"] = team, ["user_id"] = "U0BRIEFLY", ["is_bot"] = true }),
    }.ToJsonString();

    private static async Task<HttpStatusCode> PostEventAsync(HttpClient client, string body)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignature.Sign(SigningSecret, timestamp, Encoding.UTF8.GetBytes(body)));
        using var response = await client.SendAsync(request);
        return response.StatusCode;
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

    /// <summary>Slack's Web API on loopback: oauth.v2.access gives each test workspace its token; the rest answer ok.</summary>
    private sealed class FakeSlack
    {
        private readonly ConcurrentQueue<Call> _calls = new();

        public IReadOnlyList<Call> Calls(string path) => [.. _calls.Where(c => c.Path == path)];

        public async Task HandleAsync(HttpContext http)
        {
            var path = http.Request.Path.Value ?? "";
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            _calls.Enqueue(new Call(path, http.Request.Headers.Authorization.ToString(), body));
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(path switch
            {
                "/api/oauth.v2.access" when body.Contains("code=code-alpha") && body.Contains("client_secret=client-secret") =>
                    """{"ok":true,"access_token":"xoxb-alpha-secret","token_type":"bot","scope":"chat:write,im:write","bot_user_id":"U0BRIEFLY","app_id":"A0BRIEFLY","team":{"id":"T0ALPHA","name":"Alpha News"},"enterprise":null,"authed_user":{"id":"U0ADMIN"}}""",
                "/api/oauth.v2.access" when body.Contains("code=code-beta") =>
                    """{"ok":true,"access_token":"xoxb-beta-secret","token_type":"bot","scope":"chat:write","bot_user_id":"U0BRIEFLY","app_id":"A0BRIEFLY","team":{"id":"T0BETA","name":"Beta Desk"},"enterprise":null,"authed_user":{"id":"U0ADMIN"}}""",
                "/api/oauth.v2.access" => """{"ok":false,"error":"invalid_code"}""",
                "/api/users.info" => """{"ok":true,"user":{"id":"U0ASKER","tz":"UTC"}}""",
                _ => """{"ok":true,"ts":"1764850000.000200","channel":{"id":"D0OPENED"}}""",
            });
        }
    }

    private sealed record Call(string Path, string Authorization, string Body);
}
