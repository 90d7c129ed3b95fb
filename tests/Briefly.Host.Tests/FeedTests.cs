using System.Net.Http.Json;
using System.Security;
using System.Text.Json;
using Briefly.Data;
using Briefly.Testing;
using Microsoft.AspNetCore.Http;

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

        var added = await BrieflyProcess.RunAsync(database, work.Path, "feeds", "add", feedServer.Url("feed.xml").ToString(), "--every", "30");
        Assert.True(added.ExitCode == 0, added.Errors);

        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, new() { ["Ingest:ApiKey"] = "k" });
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

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(200);
        Assert.True(condition());
    }

    private static string Rss(params (string Guid, string Content)[] items) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Test briefs</title><link>http://127.0.0.1/</link><description>d</description>
        {string.Concat(items.Select(i => $"<item><guid isPermaLink=\"false\">{i.Guid}</guid><title>{i.Guid}</title><description>{SecurityElement.Escape(i.Content)}</description></item>"))}
        </channel></rss>
        """;
}
