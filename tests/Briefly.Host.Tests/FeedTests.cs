using System.Net.Http.Json;
using System.Security;
using System.Text.Json;
using System.Text.RegularExpressions;
using Briefly.Data;
using Briefly.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Host.Tests;

public class FeedTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_feed_added_on_the_command_line_is_polled_by_the_served_host_through_Hangfire(DatabaseProvider provider)
    {
        var rss = Rss(
            ("seed", await File.ReadAllTextAsync(SharedFiles.Seed)),
            ("dev-0501", await File.ReadAllTextAsync(Path.Combine(SharedFiles.DevCorpus, "brief-2026-05-01.txt"))),
            ("junk", "this item is not a brief at all"));
        await using var feedServer = await LoopbackServer.StartAsync(http =>
        {
            http.Response.ContentType = "application/rss+xml";
            return http.Response.WriteAsync(rss);
        });
        await using var database = await TestDatabase.CreateAsync(provider);
        using var work = new TempFolder();

        var added = await BrieflyProcess.RunAsync(database, work.Path, Intranet(), Patience, "feeds", "add", feedServer.Url("feed.xml").ToString(), "--every", "30");
        Assert.True(added.ExitCode == 0, added.Errors);

        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, Intranet(new() { ["Ingest:ApiKey"] = "k" }));
        using var http = new HttpClient { BaseAddress = host.Url };
        http.DefaultRequestHeaders.Add("X-Api-Key", "k");
        var deadline = DateTime.UtcNow.AddSeconds(90);
        JsonElement briefs;
        do
        {
            await Task.Delay(500);
            briefs = await http.GetFromJsonAsync<JsonElement>("/api/briefs");
        }
        while (briefs.GetArrayLength() < 2 && DateTime.UtcNow < deadline);

        Assert.True(briefs.GetArrayLength() == 2, host.Log);
        Assert.Equal(["2026-04-29", "2026-05-01"], briefs.EnumerateArray().Select(b => b.GetProperty("date").GetString()));
        await using var db = database.CreateContext();
        await WaitUntilAsync(() => db.FeedItems.Count() == 3);
        var junk = db.FeedItems.Single(i => i.ItemKey == "junk");
        Assert.Null(junk.BriefId);
        Assert.NotNull(junk.Error);
        Assert.Single(feedServer.Requests);
    }

    [Theory]
    [InlineData("http://127.1/feed", "http://127.0.0.1/feed", "127.0.0.1 is a loopback address")]
    [InlineData("http://2130706433/feed", "http://127.0.0.1/feed", "127.0.0.1 is a loopback address")]
    [InlineData("http://0x7f000001/feed", "http://127.0.0.1/feed", "127.0.0.1 is a loopback address")]
    [InlineData("http://0177.0.0.1/feed", "http://127.0.0.1/feed", "127.0.0.1 is a loopback address")]
    [InlineData("http://[::1]:8080/feed", "http://[::1]:8080/feed", "::1 is a loopback address")]
    [InlineData("http://[::ffff:7f00:1]/feed", "http://[::ffff:127.0.0.1]/feed", "::ffff:127.0.0.1 (127.0.0.1) is a loopback address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "http://169.254.169.254/latest/meta-data/", "169.254.169.254 is the cloud metadata address")]
    [InlineData("https://reader:s3cret@10.0.0.7/briefs.xml?token=t0ken", "https://10.0.0.7/briefs.xml?…", "10.0.0.7 is a private address")]
    public async Task Feeds_add_refuses_a_non_public_address_in_any_spelling(string url, string shown, string rule)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();

        var added = await BrieflyProcess.RunAsync(database, work.Path, "feeds", "add", url);

        Assert.True(added.ExitCode == 1, $"exit {added.ExitCode}: {added.Output}{added.Errors}");
        Assert.Contains($"briefly: feeds add: {shown} is refused: {rule}; feeds reach public addresses only, " +
            "unless FeedFetching:AllowPrivateAddresses=true or the address is in FeedFetching:AllowedNetworks.", added.Errors);
        Assert.DoesNotContain("s3cret", added.Output + added.Errors);
        Assert.DoesNotContain("t0ken", added.Output + added.Errors);
        await using var db = database.CreateContext();
        Assert.Empty(db.Feeds);
    }

    [Fact]
    public async Task Ingesting_a_feed_whose_name_resolves_to_loopback_is_refused_when_connecting()
    {
        await using var feedServer = await LoopbackServer.StartAsync(http => http.Response.WriteAsync(Rss(("seed", "a brief"))));
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        var url = $"http://localhost:{feedServer.BaseAddress.Port}/feed.xml?token=t0ken";

        var ingest = await BrieflyProcess.RunAsync(database, work.Path, "ingest", url);

        Assert.True(ingest.ExitCode == 1, $"exit {ingest.ExitCode}: {ingest.Output}{ingest.Errors}");
        Assert.Matches(Regex.Escape($"http://localhost:{feedServer.BaseAddress.Port}/feed.xml?…: localhost resolves to ") + "[^,]+" +
            Regex.Escape(", a loopback address; feeds reach public addresses only, unless FeedFetching:AllowPrivateAddresses=true"), ingest.Errors);
        Assert.DoesNotContain("t0ken", ingest.Output + ingest.Errors);
        Assert.Empty(feedServer.Requests);
    }

    [Fact]
    public async Task The_served_host_logs_and_lists_feed_urls_without_their_secrets()
    {
        var rss = Rss(("seed", await File.ReadAllTextAsync(SharedFiles.Seed)));
        await using var feedServer = await LoopbackServer.StartAsync(http =>
        {
            if (http.Request.Path == "/old.xml")
            {
                http.Response.StatusCode = StatusCodes.Status301MovedPermanently;
                http.Response.Headers.Location = "/feed.xml?token=t0ken";
                return Task.CompletedTask;
            }
            http.Response.ContentType = "application/rss+xml";
            return http.Response.WriteAsync(rss);
        });
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        var site = feedServer.BaseAddress.ToString().TrimEnd('/');
        var secretUrl = site.Replace("http://", "http://reader:s3cret@") + "/old.xml?token=t0ken";

        var added = await BrieflyProcess.RunAsync(database, work.Path, Intranet(), Patience, "feeds", "add", secretUrl);
        Assert.True(added.ExitCode == 0, added.Errors);
        Assert.Equal($"Polling {site}/old.xml?… every 30 minutes; the first poll is due now.", added.Output.Trim());

        string log;
        await using (var host = await BrieflyProcess.ServeAsync(database, work.Path, Intranet()))
        {
            await using var db = database.CreateContext();
            // Hangfire polls due feeds each minute.
            await WaitUntilAsync(() => db.Briefs.Any() && db.Feeds.AsNoTracking().Single().Url.Contains("/feed.xml", StringComparison.Ordinal),
                TimeSpan.FromSeconds(90));
            log = host.Log;
        }
        var listed = await BrieflyProcess.RunAsync(database, work.Path, Intranet(), Patience, "feeds", "list");

        Assert.Contains($"moved permanently from {site}/old.xml?… to {site}/feed.xml?…", log);
        Assert.StartsWith($"{site}/feed.xml?…  every 30 min", listed.Output);
        Assert.All(new[] { added.Output, added.Errors, log, listed.Output, listed.Errors }, text =>
        {
            Assert.DoesNotContain("s3cret", text);
            Assert.DoesNotContain("t0ken", text);
        });
    }

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>The test feed servers are on loopback: the host is run as an operator with an intranet feed runs it.</summary>
    private static Dictionary<string, string?> Intranet(Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["FeedFetching:AllowPrivateAddresses"] = "true";
        return settings;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.True(condition());
    }

    private static string Rss(params (string Guid, string Content)[] items) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Test briefs</title><link>http://127.0.0.1/</link><description>d</description>
        {string.Concat(items.Select(i => $"<item><guid isPermaLink=\"false\">{i.Guid}</guid><title>{i.Guid}</title><description>{SecurityElement.Escape(i.Content)}</description></item>"))}
        </channel></rss>
        """;
}
