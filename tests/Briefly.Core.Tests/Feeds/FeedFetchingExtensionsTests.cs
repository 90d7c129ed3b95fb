using System.IO.Compression;
using System.Text;
using Briefly.Core.Feeds;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Briefly.Testing;

namespace Briefly.Core.Tests.Feeds;

/// <summary>The client as the host registers it: its handler, its resilience pipeline and its options.</summary>
public sealed class FeedFetchingExtensionsTests
{
    private const string Rss = """<rss version="2.0"><channel><item><guid>g-1</guid><description>Gzipped brief</description></item></channel></rss>""";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static ServiceProvider Services(Dictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build());
        services.AddFeedFetching();
        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData(StatusCodes.Status429TooManyRequests)]
    [InlineData(StatusCodes.Status503ServiceUnavailable)]
    public async Task Throttling_reaches_the_caller_after_one_request(int status)
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.RetryAfter = "60";
            return Task.CompletedTask;
        });
        await using var services = Services();
        var before = DateTimeOffset.UtcNow;

        var result = await services.GetRequiredService<FeedFetcher>()
            .FetchAsync(new FeedRequest(server.Url("feed.xml")), CancellationToken.None).WaitAsync(Patience);

        var later = Assert.IsType<FeedFetchResult.RetryLater>(result);
        Assert.InRange(later.NotBefore, before.AddSeconds(60), DateTimeOffset.UtcNow.AddSeconds(60));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_bad_gateway_is_tried_once_more()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
                return Task.CompletedTask;
            }
            return context.Response.WriteAsync(Rss);
        });
        await using var services = Services();

        var result = await services.GetRequiredService<FeedFetcher>()
            .FetchAsync(new FeedRequest(server.Url("feed.xml")), CancellationToken.None).WaitAsync(Patience);

        Assert.IsType<FeedFetchResult.Modified>(result);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task The_registered_client_reports_a_permanent_move_and_unpacks_gzip()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            if (context.Request.Path == "/old")
            {
                context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
                context.Response.Headers.Location = "/new.xml";
                return;
            }
            context.Response.ContentType = "application/rss+xml";
            context.Response.Headers.ContentEncoding = "gzip";
            await using var gzip = new GZipStream(context.Response.Body, CompressionLevel.Fastest, leaveOpen: true);
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(Rss));
        });
        await using var services = Services();

        var result = await services.GetRequiredService<FeedFetcher>()
            .FetchAsync(new FeedRequest(server.Url("old")), CancellationToken.None).WaitAsync(Patience);

        var modified = Assert.IsType<FeedFetchResult.Modified>(result);
        Assert.Equal(Rss, modified.Content);
        Assert.Equal(server.Url("new.xml"), modified.PermanentlyMovedTo);
        Assert.Contains("gzip", server.Requests.Last().Header("Accept-Encoding"));
    }

    [Fact]
    public async Task The_size_limit_comes_from_configuration()
    {
        await using var server = await LoopbackServer.StartAsync(context => context.Response.WriteAsync(new string(' ', 4096) + Rss));
        await using var services = Services(new() { ["FeedFetching:MaxResponseBytes"] = "2048" });

        var result = await services.GetRequiredService<FeedFetcher>()
            .FetchAsync(new FeedRequest(server.Url("feed.xml")), CancellationToken.None).WaitAsync(Patience);

        Assert.Contains("limit of 2048", Assert.IsType<FeedFetchResult.Failed>(result).Reason);
    }

    [Fact]
    public void A_wrong_setting_fails_naming_its_key()
    {
        using var services = Services(new() { ["FeedFetching:MaxResponseBytes"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<FeedFetcherOptions>>().Value);

        Assert.Contains(nameof(FeedFetcherOptions.MaxResponseBytes), error.Message);
    }
}
