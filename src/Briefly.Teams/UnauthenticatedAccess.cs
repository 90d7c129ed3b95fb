using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefly.Teams;

/// <summary>The addresses the host's server will listen on, read from the configuration the server itself reads.</summary>
internal static class ListenAddresses
{
    private const string KestrelEndpointsSection = "Kestrel:Endpoints";

    /// <summary>
    /// The same keys the web host and Kestrel read, from the same configuration: <c>urls</c> (the Urls setting,
    /// ASPNETCORE_URLS, --urls, UseUrls); when that is empty, <c>http_ports</c>/<c>https_ports</c>
    /// (ASPNETCORE_HTTP_PORTS, set by Microsoft's container images), which bind every interface; and Kestrel's own
    /// endpoints. Kestrel lets its endpoints replace the urls; both are returned, so a public address in either
    /// refuses the start rather than depending on which of the two wins.
    /// </summary>
    public static IReadOnlyList<string> Configured(IConfiguration configuration)
    {
        var addresses = Split(configuration[WebHostDefaults.ServerUrlsKey]).ToList();
        if (addresses.Count == 0)
        {
            addresses.AddRange(Split(configuration[WebHostDefaults.HttpPortsKey]).Select(port => $"http://*:{port}"));
            addresses.AddRange(Split(configuration[WebHostDefaults.HttpsPortsKey]).Select(port => $"https://*:{port}"));
        }

        addresses.AddRange(configuration.GetSection(KestrelEndpointsSection).GetChildren()
            .Select(endpoint => endpoint["Url"])
            .OfType<string>()
            .Where(url => !string.IsNullOrWhiteSpace(url)));
        return addresses;
    }

    /// <summary>
    /// Whether only this machine can connect: a loopback IP, <c>localhost</c> (Kestrel binds it to loopback only),
    /// or a Unix socket or named pipe. Any other host name makes Kestrel bind every interface, and an address it
    /// cannot parse counts as public, so a typo fails closed.
    /// </summary>
    public static bool IsLocal(string address)
    {
        BindingAddress binding;
        try
        {
            binding = BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return false;
        }

        if (binding.IsUnixPipe || binding.IsNamedPipe) return true;
        if (string.Equals(binding.Host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(binding.Host.Trim('[', ']'), out var ip) && IsLoopback(ip);
    }

    /// <summary>Whether a request came from this machine (no address: a Unix socket or an in-process server).</summary>
    public static bool IsLocalClient(ConnectionInfo connection) =>
        connection.RemoteIpAddress is not { } remote || IsLoopback(remote);

    // A dual-mode socket on [::] reports IPv4 clients as ::ffff:a.b.c.d.
    private static bool IsLoopback(IPAddress ip) => IPAddress.IsLoopback(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip);

    private static string[] Split(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// Refuses to start a host that would take unauthenticated activities from beyond this machine, naming the settings
/// and the address.
/// </summary>
/// <remarks>
/// An options validator run by ValidateOnStart rather than a check of the server's bound addresses after start:
/// the host runs start validation before it starts any hosted service, and the web server is one, so a refused host
/// never opens a socket. The bound addresses (IServerAddressesFeature) are only known once Kestrel is accepting
/// connections, so a check there would leave a window in which a request could be served unauthenticated.
/// Endpoints configured in code (ConfigureKestrel) are invisible to configuration; for those the endpoint itself
/// refuses non-local clients while authentication is off (<see cref="TeamsHostingExtensions"/>).
/// </remarks>
internal sealed class UnauthenticatedAccessValidator(IConfiguration configuration) : IValidateOptions<TeamsOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsOptions options)
    {
        if (!options.Enabled || options.AuthenticationEnabled || options.AllowUnauthenticated) return ValidateOptionsResult.Success;

        var exposed = ListenAddresses.Configured(configuration).Where(address => !ListenAddresses.IsLocal(address)).ToList();
        return exposed.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Teams authentication is off (Teams:MicrosoftAppId is not set) but the host listens on {string.Join(", ", exposed)}, " +
                "beyond this machine: set Teams:MicrosoftAppId (with its password) so Teams requests are authenticated, " +
                "set Teams:AllowUnauthenticated=true to accept unauthenticated activities from anyone who can reach it, " +
                "or set Teams:Enabled=false if this host serves no Teams bot.");
    }
}

/// <summary>Says once, at start, that the Teams endpoint takes unauthenticated activities, and from whom.</summary>
internal sealed class UnauthenticatedAccessNotice(
    IOptions<TeamsOptions> options,
    IConfiguration configuration,
    ILogger<UnauthenticatedAccessNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var teams = options.Value;
        if (!teams.Enabled || teams.AuthenticationEnabled) return Task.CompletedTask;

        var addresses = ListenAddresses.Configured(configuration);
        var shown = string.Join(", ", addresses);
        if (teams.AllowUnauthenticated && !addresses.All(ListenAddresses.IsLocal)) TeamsLog.UnauthenticatedOpenToAnyone(logger, shown);
        else TeamsLog.UnauthenticatedLocalOnly(logger, shown);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
