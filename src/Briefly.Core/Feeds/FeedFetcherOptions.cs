using System.ComponentModel.DataAnnotations;

namespace Briefly.Core.Feeds;

/// <summary>The "FeedFetching" section.</summary>
public sealed class FeedFetcherOptions
{
    public const string Section = "FeedFetching";

    /// <summary>A brief is a few hundred kilobytes at most; a larger body is a wrong URL or a hostile server.</summary>
    [Range(1024, 1024 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>For the whole fetch: connecting, redirects and reading the body.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The wait after a 429 or 503 without a usable Retry-After. Feeds are polled every half hour by default,
    /// so an overloaded server skips about one poll rather than being asked again at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The shortest wait after a 429 or 503, so "Retry-After: 0" or a date in the past cannot make a tight loop.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MinRetryAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait honoured, so a mistaken Retry-After cannot silence a feed for good.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromDays(1);

    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;
}
