using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Briefly.Core.Feeds;

/// <summary>The "FeedFetching" section.</summary>
public sealed class FeedFetcherOptions : IValidatableObject
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

    /// <summary>
    /// Lets feeds reach loopback, private, link-local (cloud metadata included) and other non-public addresses
    /// (see <see cref="FeedAddressPolicy"/>): for a host whose feeds are all on an intranet it trusts.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>
    /// Networks ("10.20.0.0/16") or single addresses ("10.20.1.5") feeds may reach although they are not public:
    /// an intranet feed server, without opening every private address to whatever a feed redirects to.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var network in AllowedNetworks.Where(n => ParseNetwork(n) is null))
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(AllowedNetworks)} has '{network}', which is neither an address nor a network such as 10.20.0.0/16.",
                [nameof(AllowedNetworks)]);
        }
    }

    /// <summary>A network in CIDR notation, or one address as a network of its own; null when it is neither.</summary>
    internal static IPNetwork? ParseNetwork(string text)
    {
        text = text.Trim();
        if (IPNetwork.TryParse(text, out var network)) return network;
        return IPAddress.TryParse(text, out var address) ? new IPNetwork(address, address.GetAddressBytes().Length * 8) : null;
    }
}
