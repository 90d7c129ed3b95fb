using System.Net;
using System.Net.Sockets;
using System.Text;
using Briefly.Core.Feeds;
using Briefly.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Briefly.Core.Tests.Feeds;

public sealed class FeedFetcherTests : IDisposable
{
    private const string Rss = """<rss version="2.0"><channel><item><guid>b-1</guid><description>Brief</description></item></channel></rss>""";
    private const string ETag = "\"brief-v1\"";
    private const string LastModified = "Thu, 30 Apr 2026 08:00:00 GMT";
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly List<HttpClient> _clients = [];

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
    }

    /// <summary>
    /// A client that leaves redirects to the fetcher, as the registered one does. The test servers are on loopback, as an
    /// intranet feed is, so the options open private addresses as its operator would.
    /// </summary>
    private FeedFetcher Fetcher(FeedFetcherOptions? options = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        _clients.Add(client);
        return new FeedFetcher(client, _time, NullLogger<FeedFetcher>.Instance, Options.Create(options ?? new FeedFetcherOptions { AllowPrivateAddresses = true }));
    }

    private static Task ServeFeed(HttpContext context)
    {
        if (context.Request.Headers.IfNoneMatch == ETag || context.Request.Headers.IfModifiedSince == LastModified)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        context.Response.ContentType = "application/rss+xml; charset=utf-8";
        context.Response.Headers.ETag = ETag;
        context.Response.Headers.LastModified = LastModified;
        return context.Response.WriteAsync(Rss);
    }

    [Fact]
    public async Task First_fetch_is_modified_with_validators_and_the_second_is_a_conditional_get_answered_not_modified()
    {
        await using var server = await LoopbackServer.StartAsync(ServeFeed);
        var fetcher = Fetcher();

        var first = await fetcher.FetchAsync(new FeedRequest(server.Url("feed.xml")), CancellationToken.None);

        var modified = Assert.IsType<FeedFetchResult.Modified>(first);
        Assert.Equal(Rss, modified.Content);
        Assert.Equal("application/rss+xml", modified.ContentType);
        Assert.Equal(ETag, modified.ETag);
        Assert.Equal(LastModified, modified.LastModified);
        Assert.Null(modified.PermanentlyMovedTo);
        Assert.Equal("b-1", Assert.Single(FeedDocumentReader.Read(modified.Content, modified.ContentType).Items).Key);

        var second = await fetcher.FetchAsync(new FeedRequest(server.Url("feed.xml"), modified.ETag, modified.LastModified), CancellationToken.None);

        Assert.IsType<FeedFetchResult.NotModified>(second);
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Null(requests[0].Header("If-None-Match"));
        Assert.Null(requests[0].Header("If-Modified-Since"));
        Assert.Equal(ETag, requests[1].Header("If-None-Match"));
        Assert.Equal(LastModified, requests[1].Header("If-Modified-Since"));
        Assert.All(requests, r => Assert.Equal("Briefly/1.0 (+feed reader)", r.Header("User-Agent")));
        Assert.All(requests, r => Assert.Contains("application/rss+xml", r.Header("Accept")));
        Assert.All(requests, r => Assert.Contains("application/atom+xml", r.Header("Accept")));
        Assert.All(requests, r => Assert.Contains("application/feed+json", r.Header("Accept")));
    }

    [Fact]
    public async Task Too_many_requests_with_retry_after_seconds_waits_that_long()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "120";
            return Task.CompletedTask;
        });

        var result = await Fetcher().FetchAsync(new FeedRequest(server.Url("feed.xml")), CancellationToken.None);

        var later = Assert.IsType<FeedFetchResult.RetryLater>(result);
        Assert.Equal(Now.AddSeconds(120), later.NotBefore);
        Assert.Contains("429", later.Reason);
    }

    [Fact]
    public async Task Service_unavailable_with_an_http_date_retry_after_waits_until_that_date()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "Fri, 01 May 2026 10:05:00 GMT";
            return Task.CompletedTask;
        });

        var result = await Fetcher().FetchAsync(new FeedRequest(server.Url("feed.xml")), CancellationToken.None);

        var later = Assert.IsType<FeedFetchResult.RetryLater>(result);
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 10, 5, 0, TimeSpan.Zero), later.NotBefore);
        Assert.Contains("503", later.Reason);
    }

    [Theory]
    [InlineData(null, 30 * 60)]            // no Retry-After: the default backoff
    [InlineData("soon", 30 * 60)]          // unreadable: the default backoff
    [InlineData("0", 60)]                  // never sooner than a minute
    [InlineData("Thu, 01 Jan 2026 00:00:00 GMT", 60)]
    [InlineData("99999999", 24 * 60 * 60)] // never longer than a day
    public async Task Retry_after_is_defaulted_and_bounded(string? retryAfter, int expectedSeconds)
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            if (retryAfter is not null) context.Response.Headers.RetryAfter = retryAfter;
            return Task.CompletedTask;
        });

        var result = await Fetcher().FetchAsync(new FeedRequest(server.Url("feed.xml")), CancellationToken.None);

        Assert.Equal(Now.AddSeconds(expectedSeconds), Assert.IsType<FeedFetchResult.RetryLater>(result).NotBefore);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(404)]
    [InlineData(410)]
    public async Task Other_error_statuses_fail_with_the_status(int status)
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = status;
            return context.Response.WriteAsync("oops");
        });

        var result = await Fetcher().FetchAsync(new FeedRequest(server.Url("feed.xml")), CancellationToken.None);

        var failed = Assert.IsType<FeedFetchResult.Failed>(result);
        Assert.Equal(status, failed.StatusCode);
        Assert.StartsWith($"HTTP {status} ", failed.Reason);
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_refused_before_reading_the_body()
    {
        var bodyDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            context.Response.ContentLength = 1L << 30;
            try
            {
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("<rss>"), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                // The rest never comes: a fetcher that waited for the whole body would hang here.
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                bodyDone.TrySetResult();
            }
        });

        var result = await Fetcher(new FeedFetcherOptions { MaxResponseBytes = 64 * 1024, AllowPrivateAddresses = true })
            .FetchAsync(new FeedRequest(server.Url("huge.xml")), CancellationToken.None).WaitAsync(Patience);

        var failed = Assert.IsType<FeedFetchResult.Failed>(result);
        Assert.Contains("1073741824 bytes", failed.Reason);
        Assert.Equal(200, failed.StatusCode);
        // The fetcher hung up rather than waiting for the gigabyte.
        await bodyDone.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task An_endless_body_without_a_length_is_cut_off_at_the_limit()
    {
        var bodyDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            var chunk = Encoding.ASCII.GetBytes(new string(' ', 16 * 1024));
            long written = 0;
            try
            {
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("<rss><channel>"), context.RequestAborted);
                while (!context.RequestAborted.IsCancellationRequested && written < 1L << 30)
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    written += chunk.Length;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
            {
            }
            finally
            {
                bodyDone.TrySetResult();
            }
        });
        // Counted on the client's socket: what the server wrote is no measure, because once the client hangs up
        // Kestrel accepts and drops writes for a while before it signals the abort.
        long received = 0;
        var client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (connection, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(connection.DnsEndPoint, ct);
                return new ReadCountingStream(new NetworkStream(socket, ownsSocket: true), count => Interlocked.Add(ref received, count));
            },
        });
        _clients.Add(client);
        var fetcher = new FeedFetcher(client, _time, NullLogger<FeedFetcher>.Instance,
            Options.Create(new FeedFetcherOptions { MaxResponseBytes = 64 * 1024, AllowPrivateAddresses = true }));

        var result = await fetcher.FetchAsync(new FeedRequest(server.Url("endless.xml")), CancellationToken.None).WaitAsync(Patience);

        var failed = Assert.IsType<FeedFetchResult.Failed>(result);
        Assert.Contains("over the limit of 65536 bytes", failed.Reason);
        // The client read a little past the limit (its buffers), nowhere near the gigabyte on offer, and hung up.
        var receivedWhenDone = Interlocked.Read(ref received);
        Assert.True(receivedWhenDone < 4L << 20, $"the client had read {receivedWhenDone} bytes");
        await bodyDone.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_closed_port_fails_without_throwing()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await Fetcher().FetchAsync(new FeedRequest(new Uri($"http://127.0.0.1:{port}/feed.xml")), CancellationToken.None);

        var failed = Assert.IsType<FeedFetchResult.Failed>(result);
        Assert.Null(failed.StatusCode);
        Assert.StartsWith("network error", failed.Reason);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_on_the_injected_clock()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            arrived.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        });

        var fetch = Fetcher().FetchAsync(new FeedRequest(server.Url("slow.xml")), CancellationToken.None);
        await arrived.Task.WaitAsync(Patience);
        _time.Advance(TimeSpan.FromSeconds(31));
        var result = await fetch.WaitAsync(Patience);

        Assert.Equal("timed out after 30 s", Assert.IsType<FeedFetchResult.Failed>(result).Reason);
    }

    [Fact]
    public async Task A_body_that_stalls_times_out_too()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            try
            {
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("<rss><channel>"), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        });

        var fetch = Fetcher().FetchAsync(new FeedRequest(server.Url("stalls.xml")), CancellationToken.None);
        await started.Task.WaitAsync(Patience);
        _time.Advance(TimeSpan.FromSeconds(31));
        var result = await fetch.WaitAsync(Patience);

        Assert.Equal("timed out after 30 s", Assert.IsType<FeedFetchResult.Failed>(result).Reason);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_throws()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            arrived.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        });
        using var cancellation = new CancellationTokenSource();

        var fetch = Fetcher().FetchAsync(new FeedRequest(server.Url("slow.xml")), cancellation.Token);
        await arrived.Task.WaitAsync(Patience);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch.WaitAsync(Patience));
    }

    private static Task Redirects(HttpContext context)
    {
        (int Status, string Location)? redirect = context.Request.Path.Value switch
        {
            "/old" => (301, "/feed.xml"),
            "/temporary" => (302, "/feed.xml"),
            "/permanent-then-temporary" => (308, "/temporary"),
            "/loop" => (301, "/loop"),
            "/elsewhere" => (301, "ftp://127.0.0.1/feed.xml"),
            _ => null,
        };
        if (redirect is not { } r) return ServeFeed(context);
        context.Response.StatusCode = r.Status;
        context.Response.Headers.Location = r.Location;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_permanent_redirect_is_followed_and_reported()
    {
        await using var server = await LoopbackServer.StartAsync(Redirects);

        var result = await Fetcher().FetchAsync(new FeedRequest(server.Url("old")), CancellationToken.None);

        var modified = Assert.IsType<FeedFetchResult.Modified>(result);
        Assert.Equal(Rss, modified.Content);
        Assert.Equal(server.Url("feed.xml"), modified.PermanentlyMovedTo);
        Assert.Equal(["/old", "/feed.xml"], server.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task Conditional_headers_follow_a_permanent_redirect()
    {
        await using var server = await LoopbackServer.StartAsync(Redirects);

        var result = await Fetcher().FetchAsync(new FeedRequest(server.Url("old"), ETag, LastModified), CancellationToken.None);

        Assert.Equal(server.Url("feed.xml"), Assert.IsType<FeedFetchResult.NotModified>(result).PermanentlyMovedTo);
    }

    [Fact]
    public async Task A_temporary_redirect_is_followed_but_not_reported()
    {
        await using var server = await LoopbackServer.StartAsync(Redirects);

        var result = await Fetcher().FetchAsync(new FeedRequest(server.Url("temporary")), CancellationToken.None);

        Assert.Null(Assert.IsType<FeedFetchResult.Modified>(result).PermanentlyMovedTo);
    }

    [Fact]
    public async Task Only_the_permanent_hops_before_a_temporary_one_are_reported()
    {
        await using var server = await LoopbackServer.StartAsync(Redirects);

        var result = await Fetcher().FetchAsync(new FeedRequest(server.Url("permanent-then-temporary")), CancellationToken.None);

        Assert.Equal(server.Url("temporary"), Assert.IsType<FeedFetchResult.Modified>(result).PermanentlyMovedTo);
    }

    [Fact]
    public async Task A_redirect_loop_fails()
    {
        await using var server = await LoopbackServer.StartAsync(Redirects);

        var result = await Fetcher().FetchAsync(new FeedRequest(server.Url("loop")), CancellationToken.None);

        var failed = Assert.IsType<FeedFetchResult.Failed>(result);
        Assert.Equal("more than 5 redirects", failed.Reason);
        Assert.Equal(6, server.Requests.Count);
    }

    [Fact]
    public async Task A_redirect_off_the_web_fails()
    {
        await using var server = await LoopbackServer.StartAsync(Redirects);

        var result = await Fetcher().FetchAsync(new FeedRequest(server.Url("elsewhere")), CancellationToken.None);

        Assert.StartsWith("redirected to 'ftp:'", Assert.IsType<FeedFetchResult.Failed>(result).Reason);
    }

    [Fact]
    public async Task A_non_http_url_fails_without_a_request()
    {
        var result = await Fetcher().FetchAsync(new FeedRequest(new Uri("file:///etc/passwd")), CancellationToken.None);

        Assert.Contains("not an absolute http or https URL", Assert.IsType<FeedFetchResult.Failed>(result).Reason);
    }

    [Theory]
    [InlineData("text/xml; charset=windows-1252", "", "Café €")]
    [InlineData("application/rss+xml; charset=\"ISO-8859-1\"", "", "Café")]
    [InlineData("text/xml", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", "Café")]
    [InlineData("application/octet-stream", "", "Caf\uFFFD")]
    public async Task The_body_is_decoded_by_charset_else_by_xml_declaration_else_as_utf8(string contentType, string declaration, string expected)
    {
        var euro = expected.Contains('€') ? " \u0080" : "";
        var body = Encoding.Latin1.GetBytes($"{declaration}<rss><channel><item><guid>1</guid><description>Café{euro}</description></item></channel></rss>");
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.Headers.ContentType = contentType;
            return context.Response.Body.WriteAsync(body).AsTask();
        });

        var result = await Fetcher().FetchAsync(new FeedRequest(server.Url("latin.xml")), CancellationToken.None);

        var content = Assert.IsType<FeedFetchResult.Modified>(result).Content;
        Assert.Equal(expected, Assert.Single(FeedDocumentReader.Read(content, contentType).Items).Content);
    }

    [Fact]
    public async Task A_utf8_byte_order_mark_is_dropped()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.ContentType = "application/feed+json";
            byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[]}")];
            return context.Response.Body.WriteAsync(body).AsTask();
        });

        var result = await Fetcher().FetchAsync(new FeedRequest(server.Url("feed.json")), CancellationToken.None);

        Assert.StartsWith("{", Assert.IsType<FeedFetchResult.Modified>(result).Content);
    }

    [Fact]
    public async Task Oversized_validators_are_dropped()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.Headers.ETag = "\"" + new string('e', 600) + "\"";
            context.Response.Headers.LastModified = LastModified;
            return context.Response.WriteAsync(Rss);
        });

        var result = await Fetcher().FetchAsync(new FeedRequest(server.Url("feed.xml")), CancellationToken.None);

        var modified = Assert.IsType<FeedFetchResult.Modified>(result);
        Assert.Null(modified.ETag);
        Assert.Equal(LastModified, modified.LastModified);
    }
}

/// <summary>Passes reads and writes through to a connection and reports how many bytes each read returned.</summary>
internal sealed class ReadCountingStream(Stream inner, Action<int> onRead) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }

    private int Counted(int read)
    {
        onRead(read);
        return read;
    }
}
