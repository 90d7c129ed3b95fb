using Briefly.Core.Feeds;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Briefly.Core.Tests.Feeds;

/// <summary>The rule on feed URLs as typed: every spelling of a non-public address is refused, public ones are not.</summary>
public sealed class FeedAddressPolicyTests
{
    private static readonly FeedAddressPolicy Default = new(new FeedFetcherOptions());

    [Theory]
    [InlineData("http://127.1/feed", "127.0.0.1 is a loopback address")]
    [InlineData("http://2130706433/feed", "127.0.0.1 is a loopback address")]
    [InlineData("http://0x7f000001/feed", "127.0.0.1 is a loopback address")]
    [InlineData("http://0177.0.0.1/feed", "127.0.0.1 is a loopback address")]
    [InlineData("http://0x7f.1/feed", "127.0.0.1 is a loopback address")]
    [InlineData("http://127.255.255.254/feed", "127.255.255.254 is a loopback address")]
    [InlineData("http://[::1]/feed", "::1 is a loopback address")]
    [InlineData("http://[0:0:0:0:0:0:0:1]/feed", "::1 is a loopback address")]
    [InlineData("http://[::ffff:127.0.0.1]/feed", "::ffff:127.0.0.1 (127.0.0.1) is a loopback address")]
    [InlineData("http://[::ffff:7f00:1]/feed", "::ffff:127.0.0.1 (127.0.0.1) is a loopback address")]
    [InlineData("http://[::127.0.0.1]/feed", "::127.0.0.1 (127.0.0.1) is a loopback address")]
    [InlineData("http://0/feed", "0.0.0.0 is an unspecified address")]
    [InlineData("http://[::]/feed", ":: is an unspecified address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is the cloud metadata address")]
    [InlineData("http://[::ffff:a9fe:a9fe]/latest/meta-data/", "::ffff:169.254.169.254 (169.254.169.254) is the cloud metadata address")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/", "64:ff9b::a9fe:a9fe (169.254.169.254) is the cloud metadata address")]
    [InlineData("http://168.63.129.16/metadata", "168.63.129.16 is the cloud metadata address")]
    [InlineData("http://169.254.1.1/", "169.254.1.1 is a link-local address")]
    [InlineData("http://[fe80::1]/", "fe80::1 is a link-local address")]
    [InlineData("http://10.0.0.1/", "10.0.0.1 is a private address")]
    [InlineData("http://172.16.0.1/", "172.16.0.1 is a private address")]
    [InlineData("http://172.31.255.255/", "172.31.255.255 is a private address")]
    [InlineData("http://192.168.1.1/", "192.168.1.1 is a private address")]
    [InlineData("http://[fd00:ec2::254]/", "fd00:ec2::254 is a private (unique local) address")]
    [InlineData("http://100.64.0.1/", "100.64.0.1 is a shared (carrier-grade NAT) address")]
    [InlineData("http://100.100.100.200/", "100.100.100.200 is a shared (carrier-grade NAT) address")]
    [InlineData("http://224.0.0.1/", "224.0.0.1 is a multicast address")]
    [InlineData("http://[ff02::1]/", "ff02::1 is a multicast address")]
    [InlineData("http://255.255.255.255/", "255.255.255.255 is a reserved or broadcast address")]
    public void Non_public_addresses_are_refused_in_every_spelling_naming_the_rule_and_the_settings(string url, string rule)
    {
        var refusal = Default.Refusal(new Uri(url));

        Assert.Equal($"{rule}; feeds reach public addresses only, unless FeedFetching:AllowPrivateAddresses=true " +
            "or the address is in FeedFetching:AllowedNetworks", refusal);
    }

    [Theory]
    [InlineData("https://93.184.215.14/feed")]
    [InlineData("http://172.32.0.1/")]
    [InlineData("http://100.128.0.1/")]
    [InlineData("http://[2606:4700:4700::1111]/")]
    [InlineData("http://[::ffff:93.184.215.14]/")]
    [InlineData("http://[64:ff9b::5db8:d70e]/")]
    // A name is judged by what it resolves to, when the feed is fetched.
    [InlineData("http://localhost/feed")]
    [InlineData("https://feeds.example.com/feed")]
    public void Public_addresses_and_names_pass(string url)
    {
        Assert.Null(Default.Refusal(new Uri(url)));
    }

    [Fact]
    public void Allowing_private_addresses_allows_them_all()
    {
        var policy = new FeedAddressPolicy(new FeedFetcherOptions { AllowPrivateAddresses = true });

        Assert.All(["http://127.1/", "http://[::1]/", "http://169.254.169.254/", "http://10.1.2.3/"], url => Assert.Null(policy.Refusal(new Uri(url))));
    }

    [Fact]
    public void Allowed_networks_open_exactly_those_addresses()
    {
        var policy = new FeedAddressPolicy(new FeedFetcherOptions { AllowedNetworks = ["10.20.0.0/16", "127.0.0.2"] });

        Assert.Null(policy.Refusal(new Uri("http://10.20.5.6/feed")));
        Assert.Null(policy.Refusal(new Uri("http://[::ffff:10.20.5.6]/feed")));
        Assert.Null(policy.Refusal(new Uri("http://127.0.0.2:8080/feed")));
        Assert.StartsWith("10.21.0.1 is a private address", policy.Refusal(new Uri("http://10.21.0.1/feed")));
        Assert.StartsWith("127.0.0.1 is a loopback address", policy.Refusal(new Uri("http://127.0.0.1:8080/feed")));
        Assert.StartsWith("169.254.169.254 is the cloud metadata address", policy.Refusal(new Uri("http://169.254.169.254/")));
    }

    [Fact]
    public void A_wrong_allowed_network_fails_at_start_naming_its_key()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["FeedFetching:AllowedNetworks:0"] = "feeds.intranet.example" }).Build());
        services.AddFeedFetching();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FeedFetcherOptions>>().Value);

        Assert.Contains("FeedFetching:AllowedNetworks has 'feeds.intranet.example'", error.Message);
    }

    [Theory]
    [InlineData("https://reader:s3cret@feeds.example.com/briefs.xml?token=t0ken#latest", "https://feeds.example.com/briefs.xml?…")]
    [InlineData("http://127.0.0.1:8080/feed", "http://127.0.0.1:8080/feed")]
    [InlineData("https://feeds.example.com:443/a%20b/?", "https://feeds.example.com/a%20b/")]
    [InlineData("reader:s3cret@feeds.example.com/feed?token=t0ken", "…feeds.example.com/feed?…")]
    public void Urls_are_redacted_of_user_info_query_and_fragment(string url, string shown)
    {
        Assert.Equal(shown, Redacted.Url(url));
    }
}
