using System.Net;
using System.Net.Sockets;

namespace Briefly.Core.Feeds;

/// <summary>
/// Which addresses a feed fetch may connect to: public ones only, unless <see cref="FeedFetcherOptions.AllowPrivateAddresses"/>
/// or <see cref="FeedFetcherOptions.AllowedNetworks"/> open more. A feed URL is whatever someone typed or a server
/// redirected to, so without this a feed could read the host's own services or the cloud metadata endpoint.
/// </summary>
/// <remarks>
/// The rule that counts is <see cref="ConnectAsync"/>'s, on the addresses a name resolves to at the moment of connecting,
/// so a name that resolves to loopback, a redirect, or DNS rebinding between a check and the connection gets nowhere.
/// <see cref="Refusal(Uri)"/> applies the same rule earlier to URLs that are an address already, to say so plainly.
/// Address spellings (<c>127.1</c>, <c>2130706433</c>, <c>0x7f000001</c>, <c>0177.0.0.1</c>) need no rule of their own:
/// <see cref="Uri"/> reads them all as 127.0.0.1, and a host name the resolver reads as an address is checked as one.
/// </remarks>
public sealed class FeedAddressPolicy
{
    private const string Opening =
        $"feeds reach public addresses only, unless {FeedFetcherOptions.Section}:{nameof(FeedFetcherOptions.AllowPrivateAddresses)}=true " +
        $"or the address is in {FeedFetcherOptions.Section}:{nameof(FeedFetcherOptions.AllowedNetworks)}";

    /// <summary>First match wins, so the metadata address is named before the link-local block it sits in.</summary>
    private static readonly (IPNetwork Network, string Kind)[] NotPublic =
    [
        (IPNetwork.Parse("169.254.169.254/32"), "the cloud metadata"),
        // Azure's platform endpoint (metadata and health probes) is a public-looking address that only the host answers.
        (IPNetwork.Parse("168.63.129.16/32"), "the cloud metadata"),
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private"),
        (IPNetwork.Parse("100.64.0.0/10"), "a shared (carrier-grade NAT)"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved or broadcast"),
        (IPNetwork.Parse("::/128"), "an unspecified"),
        (IPNetwork.Parse("::1/128"), "a loopback"),
        (IPNetwork.Parse("fe80::/10"), "a link-local"),
        (IPNetwork.Parse("fec0::/10"), "a site-local"),
        (IPNetwork.Parse("fc00::/7"), "a private (unique local)"),
        (IPNetwork.Parse("ff00::/8"), "a multicast"),
    ];

    /// <summary>IPv6 prefixes whose last 32 bits are an IPv4 address the packets end up at (RFC 4291 §2.5.5, RFC 6052).</summary>
    private static readonly IPNetwork[] CarryingIPv4 = [IPNetwork.Parse("::/96"), IPNetwork.Parse("64:ff9b::/96")];

    private readonly bool _allowPrivate;
    private readonly IReadOnlyList<IPNetwork> _allowed;

    public FeedAddressPolicy(FeedFetcherOptions options)
    {
        _allowPrivate = options.AllowPrivateAddresses;
        _allowed = options.AllowedNetworks.Select(n => FeedFetcherOptions.ParseNetwork(n)!.Value).ToList();
    }

    /// <summary>Why a URL whose host is an IP address may not be fetched, or null (also for a host name, checked when it resolves).</summary>
    public string? Refusal(Uri url) =>
        url.IsAbsoluteUri && url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(url.IdnHost, out var address)
            ? Refusal(address)
            : null;

    /// <summary>Why this address may not be reached, naming the rule and the settings that open it; null when it may.</summary>
    public string? Refusal(IPAddress address) => Rule(address) is { } rule ? $"{rule.Address} is {rule.Kind} address; {Opening}" : null;

    /// <summary>
    /// The feed client's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host, keeps the addresses the rule
    /// allows and connects to one of them, so the address checked is the address connected to.
    /// </summary>
    /// <exception cref="FeedAddressRefusedException">Every address the host resolved to is refused.</exception>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        var addresses = await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);
        var allowed = addresses.Where(a => Rule(a) is null).ToArray();
        if (allowed.Length == 0)
        {
            if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
            // The first address speaks for the rest: all of them are refused.
            var rule = Rule(addresses[0])!.Value;
            throw new FeedAddressRefusedException(IPAddress.TryParse(endPoint.Host, out _)
                ? $"{rule.Address} is {rule.Kind} address; {Opening}"
                : $"{endPoint.Host} resolves to {rule.Address}, {rule.Kind} address; {Opening}");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The address as shown (with the IPv4 address it stands for) and the kind of address refused; null when allowed.</summary>
    private (string Address, string Kind)? Rule(IPAddress address)
    {
        if (_allowPrivate) return null;
        var seen = Normalised(address);
        if (_allowed.Any(n => n.Contains(seen))) return null;
        foreach (var (network, kind) in NotPublic)
        {
            if (network.Contains(seen)) return (seen.Equals(address) ? $"{address}" : $"{address} ({seen})", kind);
        }
        return null;
    }

    /// <summary>An IPv4 address written as IPv6 (mapped, compatible or NAT64) is judged as the IPv4 address it reaches.</summary>
    private static IPAddress Normalised(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetworkV6
            && !address.Equals(IPAddress.IPv6None) && !address.Equals(IPAddress.IPv6Loopback)
            && CarryingIPv4.Any(n => n.Contains(address)))
        {
            return new IPAddress(address.GetAddressBytes().AsSpan(12, 4));
        }
        return address;
    }
}

/// <summary>A feed fetch was refused by <see cref="FeedAddressPolicy"/>; the message names the address, the rule and the setting that opens it.</summary>
public sealed class FeedAddressRefusedException(string message) : IOException(message);
