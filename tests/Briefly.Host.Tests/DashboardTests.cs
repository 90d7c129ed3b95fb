using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Briefly.Data;
using Briefly.Testing;

namespace Briefly.Host.Tests;

/// <summary>
/// The real host's Hangfire dashboard: off unless a password is set or local development opens it, signed in with
/// HTTP Basic, its POSTs refused without an antiforgery token; and the headers every response carries.
/// </summary>
public partial class DashboardTests
{
    private const string Password = "correct-horse-battery-staple";
    private const string TriggerPollDueFeeds = "jobs%5B%5D=poll-due-feeds";

    [Fact]
    public async Task Without_a_password_the_dashboard_is_not_served_and_the_log_says_how_to_open_it()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, []);
        using var http = new HttpClient { BaseAddress = host.Url };

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/hangfire/recurring/trigger", Form(TriggerPollDueFeeds))).StatusCode);
        Assert.Contains("The jobs dashboard is off (/hangfire answers 404): set Dashboard:Password", host.Log);
        Assert.Contains("Dashboard:AllowLocalWithoutSignIn=true", host.Log);
    }

    [Fact]
    public async Task With_a_password_the_dashboard_asks_for_it_and_refuses_a_POST_without_the_antiforgery_token()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, new() { ["Dashboard:Password"] = Password });
        using var anonymous = new HttpClient { BaseAddress = host.Url };
        using var wrong = SignedIn(host, "admin", "correct-horse-battery-stapl");
        using var otherUser = SignedIn(host, "root", Password);
        using var admin = SignedIn(host, "admin", Password);

        var asked = await anonymous.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Unauthorized, asked.StatusCode);
        Assert.Equal("Basic", Assert.Single(asked.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/hangfire/recurring/trigger", Form(TriggerPollDueFeeds))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherUser.GetAsync("/hangfire")).StatusCode);
        Assert.Contains("Refused a jobs dashboard sign-in from 127.0.0.1", host.Log);
        Assert.DoesNotContain(Password, host.Log);

        var page = await admin.GetAsync("/hangfire/recurring");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("poll-due-feeds", html);

        // Signed in, but without the token (as a form on another site would post, the browser adding the credentials).
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsync("/hangfire/recurring/trigger", Form(TriggerPollDueFeeds))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsync("/hangfire/jobs/enqueued/delete", Form("jobs%5B%5D=1"))).StatusCode);

        // With the token from the page, sent as the dashboard's own script sends it (the cookie half came with the page).
        using var trigger = new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger") { Content = Form(TriggerPollDueFeeds) };
        trigger.Headers.Add(Meta(html, "csrf-header"), Meta(html, "csrf-token"));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(trigger)).StatusCode);

        // The token is no good to another client: it goes with the cookie of the browser it was given to.
        using var stranger = SignedIn(host, "admin", Password);
        using var replayed = new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger") { Content = Form(TriggerPollDueFeeds) };
        replayed.Headers.Add(Meta(html, "csrf-header"), Meta(html, "csrf-token"));
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.SendAsync(replayed)).StatusCode);
    }

    [Fact]
    public async Task With_AllowLocalWithoutSignIn_the_dashboard_opens_to_this_machine_but_still_wants_the_antiforgery_token()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, new() { ["Dashboard:AllowLocalWithoutSignIn"] = "true" });
        using var http = new HttpClient { BaseAddress = host.Url };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsync("/hangfire/recurring/trigger", Form(TriggerPollDueFeeds))).StatusCode);
        Assert.Contains("The jobs dashboard at /hangfire is open without sign-in to requests from this machine", host.Log);
    }

    [Fact]
    public async Task Every_response_is_nosniff_unframeable_and_names_no_server_and_the_dashboard_needs_no_inline_script()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, new() { ["Dashboard:Password"] = Password, ["Ingest:ApiKey"] = "test-key-0123456789" });
        using var anonymous = new HttpClient { BaseAddress = host.Url };
        using var admin = SignedIn(host, "admin", Password);

        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["/health"] = await anonymous.GetAsync("/health"),
            ["/api/briefs"] = await anonymous.GetAsync("/api/briefs"),
            ["/hangfire (not signed in)"] = await anonymous.GetAsync("/hangfire"),
            ["/hangfire"] = await admin.GetAsync("/hangfire"),
            ["/nowhere"] = await anonymous.GetAsync("/nowhere"),
        };
        Assert.Equal(HttpStatusCode.OK, responses["/hangfire"].StatusCode);
        foreach (var (path, response) in responses)
        {
            Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff) && nosniff.Single() == "nosniff", path);
            Assert.True(response.Headers.TryGetValues("X-Frame-Options", out var frame) && frame.Single() == "DENY", path);
            Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp) && csp.Single().Contains("frame-ancestors 'none'", StringComparison.Ordinal), path);
            Assert.False(response.Headers.Contains("Server"), $"{path} names the server: {response.Headers.Server}");
        }

        // The policy allows scripts from the dashboard's own address only: the page has none inline, and what it links
        // is served with the type nosniff holds the browser to.
        var html = await responses["/hangfire"].Content.ReadAsStringAsync();
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(EventHandlerAttribute(), html);
        var linked = LinkedResource().Matches(html).Select(m => (m.Groups["kind"].Value, m.Groups["url"].Value)).ToList();
        Assert.Contains(linked, l => l.Item1 == "script");
        foreach (var (kind, url) in linked)
        {
            var resource = await admin.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, resource.StatusCode);
            Assert.Equal(kind == "script" ? "application/javascript" : "text/css", resource.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_short_password_stops_the_start_naming_the_key()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();

        var result = await BrieflyProcess.RunAsync(database, work.Path, new() { ["Dashboard:Password"] = "hunter2" }, TimeSpan.FromMinutes(1), "serve");

        var output = result.Output + result.Errors;
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Dashboard:Password is 7 characters; it must be at least 16", output);
        Assert.DoesNotContain("hunter2", output);
        Assert.DoesNotContain("Now listening", output);
    }

    private static HttpClient SignedIn(RunningHost host, string userName, string password)
    {
        var http = new HttpClient { BaseAddress = host.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}")));
        return http;
    }

    /// <summary>A body as the dashboard's script posts it.</summary>
    private static StringContent Form(string body) => new(body, Encoding.UTF8, "application/x-www-form-urlencoded");

    private static string Meta(string html, string name) =>
        Regex.Match(html, $"<meta name=\"{name}\" content=\"(?<value>[^\"]+)\"") is { Success: true } match
            ? match.Groups["value"].Value
            : throw new InvalidOperationException($"The page has no {name}.");

    [GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>")]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandlerAttribute();

    [GeneratedRegex(@"<(?:(?<kind>script) src|link rel=""(?<kind>stylesheet)"" href)=""(?<url>/hangfire/[^""]+)""")]
    private static partial Regex LinkedResource();
}
