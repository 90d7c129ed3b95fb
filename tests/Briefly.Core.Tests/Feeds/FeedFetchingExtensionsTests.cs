using System.IO.Compression;
using System.Net;
using System.Text;
using Briefly.Core.Feeds;
using Briefly.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Briefly.Core.Tests.Feeds;

/// <summary>The client as the host registers it: its handler, its resilience pipeline and its options.</summary>
public sealed class FeedFetchingExtensionsTests
{
    private const string Rss = """<rss version="2.0"><channel><item><guid>g-1</guid><description>Gzipped brief</description></item></channel></rss>""";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>The test servers are on loopback, so private addresses are opened, as an operator with an intranet feed would.</summary>
    private static ServiceProvider Services(Dictionary<string, string?>? settings = null) =>
        Configured(new Dictionary<string, string?> { ["FeedFetching:AllowPrivateAddresses"] = "true" }.Concat(settings ?? []));

    private static ServiceProvider Configured(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
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
    public async Task By_default_a_name_that_resolves_to_loopback_is_refused_when_connecting()
    {
        await using var server = await LoopbackServer.StartAsync(context => context.Response.WriteAsync(Rss));
        await using var services = Configured([]);
        var url = new Uri($"http://localhost:{server.BaseAddress.Port}/feed.xml");

        var result = await services.GetRequiredService<FeedFetcher>().FetchAsync(new FeedRequest(url), CancellationToken.None).WaitAsync(Patience);

        var failed = Assert.IsType<FeedFetchResult.Failed>(result);
        Assert.StartsWith("localhost resolves to ", failed.Reason);
        Assert.Contains(", a loopback address; feeds reach public addresses only, unless FeedFetching:AllowPrivateAddresses=true", failed.Reason);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task An_allowed_network_opens_its_server_and_not_the_one_beside_it()
    {
        await using var intranet = await LoopbackServer.StartAsync(context => context.Response.WriteAsync(Rss), IPAddress.Parse("127.0.0.2"));
        await using var beside = await LoopbackServer.StartAsync(context => context.Response.WriteAsync(Rss));
        await using var services = Configured([new("FeedFetching:AllowedNetworks:0", "127.0.0.2")]);
        var fetcher = services.GetRequiredService<FeedFetcher>();

        var allowed = await fetcher.FetchAsync(new FeedRequest(intranet.Url("feed.xml")), CancellationToken.None).WaitAsync(Patience);
        var refused = await fetcher.FetchAsync(new FeedRequest(new Uri($"http://localhost:{beside.BaseAddress.Port}/feed.xml")), CancellationToken.None)
            .WaitAsync(Patience);

        Assert.IsType<FeedFetchResult.Modified>(allowed);
        Assert.StartsWith("localhost resolves to ", Assert.IsType<FeedFetchResult.Failed>(refused).Reason);
        Assert.Empty(beside.Requests);
    }

    [Fact]
    public async Task A_permanent_redirect_to_a_name_that_resolves_to_a_refused_address_is_refused_and_not_reported_as_a_move()
    {
        await using var inside = await LoopbackServer.StartAsync(context => context.Response.WriteAsync(Rss));
        var target = $"http://localhost:{inside.BaseAddress.Port}/admin";
        await using var feed = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            context.Response.Headers.Location = target;
            return Task.CompletedTask;
        }, IPAddress.Parse("127.0.0.2"));
        await using var services = Configured([new("FeedFetching:AllowedNetworks:0", "127.0.0.2")]);

        var result = await services.GetRequiredService<FeedFetcher>()
            .FetchAsync(new FeedRequest(feed.Url("feed.xml")), CancellationToken.None).WaitAsync(Patience);

        var failed = Assert.IsType<FeedFetchResult.Failed>(result);
        Assert.StartsWith($"redirected to {target}: localhost resolves to ", failed.Reason);
        Assert.Null(failed.PermanentlyMovedTo);
        Assert.Single(feed.Requests);
        Assert.Empty(inside.Requests);
    }

    [Fact]
    public void A_wrong_setting_fails_naming_its_key()
    {
        using var services = Services(new() { ["FeedFetching:MaxResponseBytes"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<FeedFetcherOptions>>().Value);

        Assert.Contains(nameof(FeedFetcherOptions.MaxResponseBytes), error.Message);
    }
}
