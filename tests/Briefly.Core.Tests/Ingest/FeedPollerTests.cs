using System.Net;
using System.Security;
using Briefly.Core.Briefs;
using Briefly.Core.Feeds;
using Briefly.Core.Tests.Search;
using Briefly.Data;
using Briefly.Data.Entities;
using Briefly.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Briefly.Core.Tests.Ingest;

/// <summary>The poller against a real feed server on loopback and a real database.</summary>
public sealed class FeedPollerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
    private readonly List<string?> _validatorsSeen = [];
    private LoopbackServer _server = null!;
    private string _feedUrl = null!;
    private string _feed = "";
    private int _status = StatusCodes.Status200OK;
    private string? _retryAfter;
    private readonly IngestOptions _options = new();

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(Serve);
        _feedUrl = _server.Url("feed").ToString();
    }

    private async Task Serve(HttpContext http)
    {
        if (http.Request.Path == "/old-feed")
        {
            http.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            http.Response.Headers.Location = "/feed";
            return;
        }
        _validatorsSeen.Add(http.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } etag ? etag : null);
        if (_status != StatusCodes.Status200OK)
        {
            if (_retryAfter is not null) http.Response.Headers.RetryAfter = _retryAfter;
            http.Response.StatusCode = _status;
            return;
        }
        var etagNow = $"\"{_feed.GetHashCode():x}\"";
        if (http.Request.Headers.IfNoneMatch == etagNow)
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        http.Response.Headers.ETag = etagNow;
        http.Response.ContentType = "application/rss+xml";
        await http.Response.WriteAsync(_feed);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Items_go_in_once_a_conditional_get_changes_nothing_and_a_reordered_feed_reposts_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var feedId = await AddFeedAsync(database);
        var seed = await File.ReadAllTextAsync(SharedFiles.Seed);
        var dev = await File.ReadAllTextAsync(Path.Combine(SharedFiles.DevCorpus, "brief-2026-05-02.txt"));
        _feed = Rss(("a", seed), ("b", dev), ("c", "not a brief"));

        var first = await PollAsync(database, feedId);
        Assert.Equal((2, 1), (first.Created, first.Rejected));

        var second = await PollAsync(database, feedId);
        Assert.Equal(0, second.Total);
        Assert.NotNull(_validatorsSeen[^1]);

        _feed = Rss(("c", "not a brief"), ("b", dev), ("a", seed));
        var reordered = await PollAsync(database, feedId);
        Assert.Equal((0, 2, 1), (reordered.Created, reordered.Unchanged, reordered.Rejected));

        await using var db = database.CreateContext();
        Assert.Equal(2, await db.Briefs.CountAsync());
        var feed = await db.Feeds.SingleAsync();
        Assert.Null(feed.LastError);
        Assert.Equal(_time.GetUtcNow().UtcDateTime.AddMinutes(30), feed.NextPollAt);
        Assert.NotNull(feed.ETag);
    }

    [Fact]
    public async Task A_poll_takes_at_most_its_limit_of_new_items_and_the_next_poll_takes_the_rest()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var feedId = await AddFeedAsync(database);
        _options.MaxNewItemsPerPoll = 2;
        var briefs = Directory.GetFiles(SharedFiles.DevCorpus, "brief-*.txt").Order(StringComparer.Ordinal).Take(3).Select(File.ReadAllText).ToList();
        _feed = Rss(("a", briefs[0]), ("b", briefs[1]), ("c", briefs[2]));

        var first = await PollAsync(database, feedId);
        Assert.Equal((2, 1), (first.Created, first.Rejected));
        Assert.Equal($"{_feedUrl}: 3 new items; one poll takes at most 2 (Ingest:MaxNewItemsPerPoll); the other 1 wait for the next polls", Assert.Single(first.Errors));

        // The feed has not changed, but the next poll reads it whole rather than being told "not modified".
        var second = await PollAsync(database, feedId);
        Assert.Null(_validatorsSeen[^1]);
        Assert.Equal((1, 2, 0), (second.Created, second.Unchanged, second.Rejected));

        await using var db = database.CreateContext();
        Assert.Equal(3, await db.Briefs.CountAsync());
        Assert.NotNull((await db.Feeds.SingleAsync()).ETag);
    }

    [Fact]
    public async Task A_feed_item_with_more_stories_than_a_brief_may_hold_is_refused_naming_the_limit()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var feedId = await AddFeedAsync(database);
        _options.MaxStoriesPerBrief = 4;
        _feed = Rss(("seed", await File.ReadAllTextAsync(SharedFiles.Seed)));

        var poll = await PollAsync(database, feedId);

        Assert.Equal((0, 1), (poll.Created, poll.Rejected));
        Assert.Equal($"{_feedUrl} item seed: 5 stories; a brief holds at most 4 (Ingest:MaxStoriesPerBrief)", Assert.Single(poll.Errors));
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.Briefs.CountAsync());
        Assert.Equal(0, await db.Stories.CountAsync());
    }

    [Fact]
    public async Task A_429_with_Retry_After_moves_the_next_poll_and_a_failure_backs_off()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var feedId = await AddFeedAsync(database);

        _status = StatusCodes.Status429TooManyRequests;
        _retryAfter = "7200";
        await PollAsync(database, feedId);
        await using (var db = database.CreateContext())
        {
            var feed = await db.Feeds.SingleAsync();
            Assert.Equal(_time.GetUtcNow().UtcDateTime.AddHours(2), feed.NextPollAt);
            Assert.NotNull(feed.LastError);
        }

        _status = StatusCodes.Status500InternalServerError;
        _retryAfter = null;
        var failed = await PollAsync(database, feedId);
        Assert.Equal(1, failed.Rejected);
        await PollAsync(database, feedId);
        await using (var db = database.CreateContext())
        {
            var feed = await db.Feeds.SingleAsync();
            Assert.Equal(2, feed.ConsecutiveFailures);
            Assert.Equal(_time.GetUtcNow().UtcDateTime.AddMinutes(60), feed.NextPollAt);
        }
    }

    [Fact]
    public async Task A_feed_that_moved_permanently_is_polled_at_its_new_address()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var feedId = await AddFeedAsync(database, _feedUrl.Replace("/feed", "/old-feed"));
        _feed = Rss(("a", await File.ReadAllTextAsync(SharedFiles.Seed)));

        var tally = await PollAsync(database, feedId);

        Assert.Equal(1, tally.Created);
        await using var db = database.CreateContext();
        Assert.Equal(_feedUrl, (await db.Feeds.SingleAsync()).Url);
    }

    [Fact]
    public async Task A_permanent_redirect_to_a_refused_address_is_a_recorded_failure_and_the_feed_keeps_its_address()
    {
        // The feed's own server is the one address the operator opened; it moves the feed onto the loopback server.
        await using var intranet = await LoopbackServer.StartAsync(http =>
        {
            http.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            http.Response.Headers.Location = _feedUrl;
            return Task.CompletedTask;
        }, IPAddress.Parse("127.0.0.2"));
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var feedUrl = intranet.Url("feed").ToString();
        var feedId = await AddFeedAsync(database, feedUrl);
        _feed = Rss(("a", await File.ReadAllTextAsync(SharedFiles.Seed)));

        await using var context = database.CreateContext();
        var tally = await Poller(context, new FeedFetcherOptions { AllowedNetworks = ["127.0.0.2"] }).PollAsync(feedId, CancellationToken.None);

        var expected = $"redirected to {_feedUrl}: 127.0.0.1 is a loopback address; feeds reach public addresses only, " +
            "unless FeedFetching:AllowPrivateAddresses=true or the address is in FeedFetching:AllowedNetworks";
        Assert.Equal((0, 1), (tally.Created, tally.Rejected));
        Assert.Equal($"{feedUrl}: {expected}", Assert.Single(tally.Errors));
        Assert.Empty(_validatorsSeen);
        await using var db = database.CreateContext();
        var feed = await db.Feeds.SingleAsync();
        Assert.Equal(feedUrl, feed.Url);
        Assert.Equal(expected, feed.LastError);
        Assert.Equal(1, feed.ConsecutiveFailures);
        Assert.Equal(0, await db.Briefs.CountAsync());
    }

    [Fact]
    public async Task Feed_urls_are_logged_and_reported_without_user_info_or_query()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var secretUrl = _feedUrl.Replace("http://", "http://reader:s3cret@").Replace("/feed", "/old-feed?token=t0ken#latest");
        var feedId = await AddFeedAsync(database, secretUrl);
        _feed = Rss(("a", await File.ReadAllTextAsync(SharedFiles.Seed)));
        using var logs = new RecordingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));

        await using (var context = database.CreateContext())
            Assert.Equal(1, (await Poller(context, logging: loggerFactory).PollAsync(feedId, CancellationToken.None)).Created);
        _status = StatusCodes.Status500InternalServerError;
        IngestTally failed;
        await using (var context = database.CreateContext())
            failed = await Poller(context, logging: loggerFactory).PollAsync(feedId, CancellationToken.None);

        Assert.Contains(logs.Entries, e => e.Message.Contains($"moved permanently from {_feedUrl.Replace("/feed", "/old-feed?…")} to {_feedUrl}", StringComparison.Ordinal));
        Assert.Equal($"{_feedUrl}: HTTP 500 Internal Server Error", Assert.Single(failed.Errors));
        await using var db = database.CreateContext();
        // Stored as it is, secrets and all: only what is shown is redacted.
        Assert.Equal("reader:s3cret", new Uri((await db.Feeds.SingleAsync()).Url).UserInfo);
        var origins = await db.Briefs.Select(b => b.Origin).ToListAsync();
        Assert.All(logs.Entries.Select(e => e.Message).Concat(origins), text =>
        {
            Assert.DoesNotContain("s3cret", text);
            Assert.DoesNotContain("t0ken", text);
        });
    }

    [Fact]
    public async Task Only_one_claim_wins_a_due_feed()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var feedId = await AddFeedAsync(database);

        await using var one = database.CreateContext();
        await using var two = database.CreateContext();
        var first = await Poller(one).ClaimDueFeedsAsync(CancellationToken.None);
        var second = await Poller(two).ClaimDueFeedsAsync(CancellationToken.None);

        Assert.Equal([feedId], first);
        Assert.Empty(second);
    }

    private async Task<long> AddFeedAsync(TestDatabase database, string? url = null)
    {
        await using var db = database.CreateContext();
        var now = _time.GetUtcNow().UtcDateTime;
        var feed = new Feed { Url = url ?? _feedUrl, PollIntervalMinutes = 30, NextPollAt = now, CreatedAt = now };
        db.Feeds.Add(feed);
        await db.SaveChangesAsync();
        return feed.Id;
    }

    private async Task<IngestTally> PollAsync(TestDatabase database, long feedId)
    {
        await using var db = database.CreateContext();
        return await Poller(db).PollAsync(feedId, CancellationToken.None);
    }

    private FeedPoller Poller(BrieflyDbContext db, FeedFetcherOptions? fetching = null, ILoggerFactory? logging = null)
    {
        logging ??= NullLoggerFactory.Instance;
        // As AddFeedFetching sets it up: the fetcher follows redirects itself, to see permanent moves. The feed server is
        // on loopback, as an intranet feed is: unless a test says otherwise, private addresses are opened as its operator would.
        var fetcher = new FeedFetcher(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }), _time, logging.CreateLogger<FeedFetcher>(),
            Options.Create(fetching ?? new FeedFetcherOptions { AllowPrivateAddresses = true }));
        var ingestor = new BriefIngestor(db, SemanticSearch.Off, Options.Create(_options), _time, logging.CreateLogger<BriefIngestor>());
        return new FeedPoller(db, fetcher, ingestor, Options.Create(_options), _time, logging.CreateLogger<FeedPoller>());
    }

    private static string Rss(params (string Guid, string Content)[] items) =>
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><link>http://127.0.0.1/</link><description>d</description>" +
        string.Concat(items.Select(i => $"<item><guid isPermaLink=\"false\">{i.Guid}</guid><description>{SecurityElement.Escape(i.Content)}</description></item>")) +
        "</channel></rss>";
}
