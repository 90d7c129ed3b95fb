using System.Net;
using System.Net.Http.Json;
using System.Security;
using System.Text.Json;
using Briefly.Data;
using Briefly.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Briefly.Host.Tests;

public class FeedTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_feed_added_on_the_command_line_is_polled_by_the_served_host_through_Hangfire(DatabaseProvider provider)
    {
        await using var feedServer = await FeedServer.StartAsync(Rss(
            ("seed", await File.ReadAllTextAsync(SharedFiles.Seed)),
            ("dev-0501", await File.ReadAllTextAsync(Path.Combine(SharedFiles.DevCorpus, "brief-2026-05-01.txt"))),
            ("junk", "this item is not a brief at all")));
        await using var database = await TestDatabase.CreateAsync(provider);
        using var work = new TempFolder();

        var added = await BrieflyProcess.RunAsync(database, work.Path, "feeds", "add", feedServer.Url + "feed.xml", "--every", "30");
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
        Assert.Equal(1, feedServer.Requests);
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

/// <summary>A real HTTP server on loopback that serves one feed with an ETag.</summary>
internal sealed class FeedServer(WebApplication app, string url) : IAsyncDisposable
{
    private static int _requests;

    public string Url { get; } = url;

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<FeedServer> StartAsync(string rss)
    {
        _requests = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/feed.xml", (HttpContext http) =>
        {
            Interlocked.Increment(ref _requests);
            if (http.Request.Headers.IfNoneMatch == "\"v1\"") return Results.StatusCode(StatusCodes.Status304NotModified);
            http.Response.Headers.ETag = "\"v1\"";
            return Results.Text(rss, "application/rss+xml");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new FeedServer(app, address.TrimEnd('/') + "/");
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
