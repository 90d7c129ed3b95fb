namespace Briefly.HealthProbe;

/// <summary>Where the host in this container answers its ready probe (/health/ready), read from the same Urls setting the host listens on.</summary>
internal static class HealthAddress
{
    /// <summary>The host's own default (appsettings.json and infra/Dockerfile both use 3978).</summary>
    public static readonly Uri Default = new("http://127.0.0.1:3978/health/ready");

    /// <summary>
    /// The first http:// entry of a Urls value ("http://+:3978;https://+:443"), with a wildcard host (+, *, 0.0.0.0,
    /// [::]) asked on loopback. An https-only host is not probed over TLS: its certificate names a public host, not
    /// 127.0.0.1.
    /// </summary>
    public static Uri FromUrls(string? urls)
    {
        var http = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
        if (http is null) return Default;

        // "+" and "*" are not valid URI hosts, so the authority is taken apart by hand.
        var authority = http["http://".Length..].Split('/')[0];
        var colon = authority.LastIndexOf(':');
        var host = colon > 0 && !authority.EndsWith(']') ? authority[..colon] : authority;
        var port = colon > 0 && !authority.EndsWith(']') ? authority[(colon + 1)..] : "80";
        if (host is "+" or "*" or "0.0.0.0" or "[::]") host = "127.0.0.1";
        return new Uri($"http://{host}:{port}/health/ready");
    }
}
