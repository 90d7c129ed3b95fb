using System.Globalization;
using Briefly.Core.Feeds;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Host.Commands;

/// <summary>`feeds add|list|remove`: the feeds the host polls for briefs. URLs are printed <see cref="Redacted"/>: they may hold a token.</summary>
internal static class FeedsCommand
{
    public static async Task<int> RunAsync(WebApplication app, IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        await DatabaseReadiness.PrepareAsync(app.Services, migrate: true, cancellationToken);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrieflyDbContext>();
        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var policy = scope.ServiceProvider.GetRequiredService<FeedAddressPolicy>();
        return (words.Count > 0 ? words[0] : null) switch
        {
            "add" => await AddAsync(db, time, policy, words.Skip(1).ToList(), cancellationToken),
            "list" => await ListAsync(db, cancellationToken),
            "remove" when words.Count == 2 => await RemoveAsync(db, words[1], cancellationToken),
            "remove" => throw new UsageException("feeds remove takes one URL"),
            null => throw new UsageException("feeds needs add, list or remove"),
            var other => throw new UsageException($"feeds has no '{other}'; use add, list or remove"),
        };
    }

    private static async Task<int> AddAsync(BrieflyDbContext db, TimeProvider time, FeedAddressPolicy policy, List<string> words, CancellationToken cancellationToken)
    {
        string? url = null, name = null;
        var every = 30;
        for (var i = 0; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "--every" when i + 1 < words.Count:
                    if (!int.TryParse(words[++i], NumberStyles.None, CultureInfo.InvariantCulture, out every) || every is < 1 or > 7 * 24 * 60)
                        throw new UsageException($"--every takes minutes from 1 to {7 * 24 * 60}, not '{words[i]}'");
                    break;
                case "--name" when i + 1 < words.Count:
                    name = words[++i];
                    break;
                case var word when url is null && !word.StartsWith("--", StringComparison.Ordinal):
                    url = word;
                    break;
                default:
                    throw new UsageException($"feeds add: unexpected '{words[i]}'");
            }
        }
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new UsageException($"feeds add needs an absolute http(s) URL{(url is null ? "" : $", not '{Redacted.Url(url)}'")}");

        // Said now rather than at every poll; a host name is checked on what it resolves to, when the feed is fetched.
        if (policy.Refusal(uri) is { } refusal)
        {
            Console.Error.WriteLine($"briefly: feeds add: {Redacted.Url(uri)} is refused: {refusal}.");
            return 1;
        }

        if (await db.Feeds.AnyAsync(f => f.Url == uri.ToString(), cancellationToken))
        {
            Console.Out.WriteLine($"Already polling {Redacted.Url(uri)}.");
            return 0;
        }
        var now = time.GetUtcNow().UtcDateTime;
        db.Feeds.Add(new Feed { Url = uri.ToString(), Name = name, PollIntervalMinutes = every, NextPollAt = now, CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        Console.Out.WriteLine($"Polling {Redacted.Url(uri)} every {every} minutes; the first poll is due now.");
        return 0;
    }

    private static async Task<int> ListAsync(BrieflyDbContext db, CancellationToken cancellationToken)
    {
        var feeds = await db.Feeds.AsNoTracking().OrderBy(f => f.Url).ToListAsync(cancellationToken);
        if (feeds.Count == 0) Console.Out.WriteLine("No feeds. Add one with: feeds add <url>");
        foreach (var feed in feeds)
        {
            var state = feed.LastError is null ? "ok" : $"error: {feed.LastError}";
            Console.Out.WriteLine($"{Redacted.Url(feed.Url)}  every {feed.PollIntervalMinutes} min  last {feed.LastPolledAt:u}  next {feed.NextPollAt:u}  {state}");
        }
        return 0;
    }

    private static async Task<int> RemoveAsync(BrieflyDbContext db, string url, CancellationToken cancellationToken)
    {
        var removed = await db.Feeds.Where(f => f.Url == url || f.Url == url + "/").ExecuteDeleteAsync(cancellationToken);
        Console.Out.WriteLine(removed == 0 ? $"No feed {Redacted.Url(url)}." : $"Removed {Redacted.Url(url)}; its briefs stay.");
        return removed == 0 ? 1 : 0;
    }
}
