using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Briefly.Core.Conversations;
using Briefly.Data;
using Briefly.Data.Entities;
using Briefly.Host.Admin;
using Briefly.Host.Jobs;
using Briefly.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace Briefly.Host.Tests;

/// <summary>
/// The admin page of a served host in a real browser (Debian's chromium, driven by Playwright), against a loopback Slack:
/// the operator signs in, sends a channel its brief now and sees the delivery's state change, sees the latest briefs as
/// both platforms draw them, and previews a pasted brief with an error before storing a good one.
/// </summary>
public sealed partial class AdminPageTests
{
    private const string Password = "correct-horse-battery-staple";

    [Fact]
    public async Task An_operator_signs_in_sends_a_channel_its_brief_now_and_previews_a_pasted_brief_in_a_browser()
    {
        var posts = new ConcurrentQueue<JsonObject>();
        await using var slack = await LoopbackServer.StartAsync(async http =>
        {
            posts.Enqueue((await JsonNode.ParseAsync(http.Request.Body))!.AsObject());
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync($$"""{"ok":true,"ts":"1765000000.{{posts.Count:D6}}"}""");
        });
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        var ingested = await BrieflyProcess.RunAsync(database, work.Path, "ingest", RepositoryFiles.Path("samples", "briefs"));
        Assert.True(ingested.ExitCode == 0, ingested.Errors);
        var briefs = await SeedWorkspaceAsync(database);
        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, new()
        {
            ["Dashboard:Password"] = Password, ["Search:EmbeddingModel"] = "none",
            ["Slack:SigningSecret"] = "s", ["Slack:BotToken"] = "xoxb-t", ["Slack:ApiBaseUrl"] = slack.Url("api/").ToString(),
        });

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var problems = new List<string>();
        var page = await Chromium.NewPageAsync(browser, problems);

        // Signed out, the page asks for the operator's sign-in, and a wrong password is refused.
        await page.GotoAsync(new Uri(host.Url, "/admin").ToString());
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/admin/login\\?ReturnUrl=%2Fadmin$"));
        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(Password + "x");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong user name or password.");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/admin$"));

        // Every channel with its state; the most followed topic in its followers' own words.
        var row = page.Locator($"tr[data-channel='{briefs.Channel}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-stage", "none");
        await Assertions.Expect(page.Locator($"tr[data-channel='{briefs.Deferred}'] .delivery")).ToContainTextAsync("Deferred until");
        await Assertions.Expect(page.Locator($"tr[data-channel='{briefs.Failed}'] .delivery")).ToContainTextAsync("Failed: invalid_blocks");
        await Assertions.Expect(page.Locator($"tr[data-channel='{briefs.Paused}']")).ToContainTextAsync("paused");
        await Assertions.Expect(page.Locator(".topics li").First).ToContainTextAsync("DeepSeek 3 followers");

        // Send now: the delivery goes from none to sent, and the table shows it without a reload.
        await row.GetByRole(AriaRole.Button, new() { Name = "Send now to briefs" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Sending “China AI Update Brief — 25 November 2026” to briefs (Slack) now.");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-stage", "sent", new() { Timeout = 60_000 });
        await Assertions.Expect(row.Locator(".delivery")).ToContainTextAsync("Sent ");
        await Chromium.ScreenshotAsync(page, work.Path, "admin-channels.png");
        Assert.Equal("C0BRIEFS", (string?)Assert.Single(posts)["channel"]);

        // Again: sent once is enough.
        await row.GetByRole(AriaRole.Button, new() { Name = "Send now to briefs" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("a brief goes to a channel once");
        Assert.Single(posts);

        // The latest briefs, as Teams (the official renderer) and Slack draw them.
        await page.GetByRole(AriaRole.Link, new() { Name = "Briefs" }).ClickAsync();
        var latest = page.Locator(".brief").First;
        await Assertions.Expect(latest.Locator(".teams .ac-adaptiveCard").First).ToContainTextAsync("China AI Update Brief — 25 November 2026");
        await Assertions.Expect(latest.Locator(".slack .message").First).ToContainTextAsync("China AI Update Brief — 25 November 2026");
        await Chromium.ScreenshotAsync(page, work.Path, "admin-briefs.png");

        // A pasted brief with a date nobody can read: the error names its line, and nothing is stored.
        var text = await File.ReadAllTextAsync(RepositoryFiles.Path("samples", "briefs", "brief-2026-11-16.txt"));
        var broken = text.Replace("15 Nov 2026 Summary", "15 Novembruary 2026 Summary", StringComparison.Ordinal);
        var brokenLine = broken.Split('\n').ToList().FindIndex(l => l.Contains("Novembruary", StringComparison.Ordinal)) + 1;
        var storedBefore = await CountBriefsAsync(database);
        await page.GetByRole(AriaRole.Link, new() { Name = "Paste a brief" }).ClickAsync();
        await page.GetByLabel("The brief").FillAsync(broken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        var errors = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(errors).ToContainTextAsync($"Line {brokenLine}:");
        await Assertions.Expect(errors).ToContainTextAsync("the date \"15 Novembruary 2026\" is not a date that can be read");
        await Chromium.ScreenshotAsync(page, work.Path, "admin-paste.png");
        Assert.Equal(storedBefore, await CountBriefsAsync(database));

        // A good one: previewed story by story, then saved.
        await page.GetByLabel("The brief").FillAsync(text.Replace("China AI Update Brief", "Chip Watch Brief", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        var preview = page.Locator(".preview");
        await Assertions.Expect(preview).ToContainTextAsync("A new brief: saving stores it.");
        await Assertions.Expect(preview.Locator(".stories > li")).ToHaveCountAsync(5);
        await Assertions.Expect(preview.Locator(".stories > li").Nth(1)).ToContainTextAsync("2026-11-15 (written “14–15 Nov 2026”)");
        await Assertions.Expect(preview.Locator(".stories > li").Nth(1).Locator(".citations li")).ToHaveCountAsync(3);
        await preview.ScrollIntoViewIfNeededAsync();
        await Chromium.ScreenshotAsync(page, work.Path, "admin-preview.png");
        Assert.Equal(storedBefore, await CountBriefsAsync(database));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/admin/briefs$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Stored “Chip Watch Brief — 16 November 2026” (5 stories).");
        Assert.Equal(storedBefore + 1, await CountBriefsAsync(database));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Empty(host.LinesAt("fail", "crit"));
    }

    [Fact]
    public async Task Without_a_password_the_page_is_off_and_with_one_nothing_is_shown_before_sign_in()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        await using (var off = await BrieflyProcess.ServeAsync(database, work.Path, new() { ["Search:EmbeddingModel"] = "none" }))
        {
            using var http = new HttpClient { BaseAddress = off.Url };
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/admin")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/admin/login")).StatusCode);
            Assert.Contains("The admin page is off (/admin answers 404): set Dashboard:Password", off.Log);
        }

        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, new() { ["Dashboard:Password"] = Password, ["Search:EmbeddingModel"] = "none" });
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Url };
        foreach (var path in new[] { "/admin", "/admin/briefs", "/admin/paste" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal($"/admin/login?ReturnUrl={Uri.EscapeDataString(path)}", response.Headers.Location!.PathAndQuery);
        }
        // A form posted from elsewhere carries no antiforgery token: refused before the password is even looked at.
        using var forged = await client.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = "admin", ["password"] = Password }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("The admin page is at /admin, behind a sign-in as admin", host.Log);
        Assert.DoesNotContain(Password, host.Log);
    }

    [Theory]
    [InlineData(null, false, "127.0.0.1", false)]
    [InlineData(null, true, "127.0.0.1", true)]
    [InlineData(null, true, "::1", true)]
    [InlineData(null, true, "203.0.113.7", false)]
    [InlineData(Password, true, "127.0.0.1", false)]
    public async Task Unsigned_in_the_page_opens_only_to_this_machine_and_only_with_no_password_and_local_access_allowed(
        string? password, bool allowLocal, string remote, bool allowed)
    {
        var access = Options.Create(new DashboardAccessOptions { Password = password, AllowLocalWithoutSignIn = allowLocal });
        var handler = new AdminPages.AdminAccessHandler(access, new AdminPages.AdminPageMode(Samples: false));
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        var context = new AuthorizationHandlerContext([new AdminPages.AdminAccessRequirement()], new System.Security.Claims.ClaimsPrincipal(), http);

        await handler.HandleAsync(context);

        Assert.Equal(allowed, context.HasSucceeded);
    }

    internal sealed record SeededChannels(long Channel, long Deferred, long Failed, long Paused);

    /// <summary>
    /// Channels in every state a brief's delivery can be in (none yet, sent, deferred by Teams, failed, paused, removed) and
    /// six people following topics, written as people write them.
    /// </summary>
    internal static async Task<SeededChannels> SeedWorkspaceAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var now = DateTime.UtcNow;
        var brief = await db.Briefs.OrderByDescending(b => b.Date).FirstAsync();
        Conversation Channel(ChatPlatform platform, string id, string name, string tenant, TimeOnly? at, string zone) => new()
        {
            Platform = platform, ExternalId = id, Name = name, Kind = ConversationKind.Channel, TenantId = tenant, ReferenceJson = "{}",
            BriefTime = at, TimeZone = zone, BriefDays = WeekDays.Weekdays, InstalledAt = now.AddDays(-30),
            ServiceUrl = platform == ChatPlatform.Teams ? "https://smba.trafficmanager.net/emea/" : null,
        };
        var briefs = Channel(ChatPlatform.Slack, "C0BRIEFS", "briefs", "T0ACME", null, "UTC");
        var markets = Channel(ChatPlatform.Slack, "C0MARKETS", "markets", "T0ACME", new TimeOnly(8, 30), "Europe/London");
        var watch = Channel(ChatPlatform.Teams, "19:aiwatch@thread.tacv2", "AI watch", "contoso", new TimeOnly(9, 0), "Asia/Shanghai");
        var research = Channel(ChatPlatform.Slack, "C0RESEARCH", "research", "T0ACME", new TimeOnly(7, 45), "America/New_York");
        var leadership = Channel(ChatPlatform.Teams, "19:leaders@thread.tacv2", "Leadership", "contoso", new TimeOnly(8, 0), "Europe/Berlin");
        var gone = Channel(ChatPlatform.Slack, "C0OLDNEWS", "old-news", "T0ACME", new TimeOnly(8, 0), "UTC");
        leadership.Paused = true;
        gone.BlockedAt = now.AddDays(-3);
        db.Conversations.AddRange(briefs, markets, watch, research, leadership, gone);
        db.Deliveries.AddRange(
            new Delivery { Conversation = markets, BriefId = brief.Id, Status = DeliveryStatus.Sent, DueAt = now.AddHours(-5), SentAt = now.AddHours(-5).AddSeconds(4), Attempts = 1 },
            new Delivery
            {
                Conversation = watch, BriefId = brief.Id, Status = DeliveryStatus.Planned, DueAt = now.AddMinutes(-2), Attempts = 3,
                ClaimedUntil = now.AddHours(2), LastError = "Teams answered 429 Too Many Requests (Retry-After)",
            },
            new Delivery { Conversation = research, BriefId = brief.Id, Status = DeliveryStatus.Failed, DueAt = now.AddHours(-9), Attempts = 1, LastError = "invalid_blocks" });
        string[][] follows = [["DeepSeek", "Huawei chips"], ["deepseek"], ["DeepSeek", "HBM"], ["Huawei chips", "humanoid robots"], ["HBM"], ["Doubao"]];
        foreach (var (topics, i) in follows.Select((t, i) => (t, i)))
            db.Users.Add(new User
            {
                Platform = ChatPlatform.Slack, ExternalId = $"U0PERSON{i}", CreatedAt = now,
                Subscriptions = [.. topics.Select(t => new TopicSubscription { Topic = t, TopicKey = TopicKeys.Of(t), CreatedAt = now })],
            });
        await db.SaveChangesAsync();
        return new SeededChannels(briefs.Id, watch.Id, research.Id, leadership.Id);
    }

    private static async Task<int> CountBriefsAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.Briefs.CountAsync();
    }
}
