using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Briefly.Teams.Tests;

/// <summary>
/// Stands in for login.botframework.com and the Microsoft Entra token endpoint over loopback HTTPS: serves an
/// OpenID document and a signing key and mints channel tokens, so the SDK's own validation runs against keys
/// the test controls; and hands the bot an access token for its replies, recording what it asked for.
/// </summary>
/// <remarks>
/// The identity library fetches metadata only over HTTPS, through an HttpClient the SDK creates itself, so the
/// server's self-signed certificate is trusted by adding it to the CurrentUser root store, which .NET on Linux
/// treats as trusted; it is removed again on dispose.
/// </remarks>
internal sealed class FakeBotFrameworkIssuer : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";
    public const string OutboundAccessToken = "outbound-access-token-for-tests";
    private const string KeyId = "briefly-test-key";

    private readonly WebApplication _app;
    private readonly X509Certificate2 _trustedCertificate;
    private readonly RSA _signingKey;

    private FakeBotFrameworkIssuer(WebApplication app, X509Certificate2 trustedCertificate, RSA signingKey)
    {
        _app = app;
        _trustedCertificate = trustedCertificate;
        _signingKey = signingKey;
    }

    public Uri BaseUrl => new(_app.Urls.Single());

    /// <summary>The form fields of each client-credentials request the bot made for its outbound token.</summary>
    public ConcurrentQueue<Dictionary<string, string>> TokenRequests { get; } = new();

    /// <summary>The SDK settings (besides the app id and password) that point inbound validation here.</summary>
    public Dictionary<string, string?> Settings(string appId) => new()
    {
        ["Teams:MicrosoftAppId"] = appId,
        ["Teams:MicrosoftAppPassword"] = "not-a-real-secret",
        ["Teams:MicrosoftAppTenantId"] = "00000000-0000-0000-0000-00000000a11c",
        ["Teams:ToBotFromChannelOpenIdMetadataUrl"] = new Uri(BaseUrl, "v1/.well-known/openidconfiguration").ToString(),
        ["Teams:ToBotFromChannelTokenIssuer"] = Issuer,
        ["Teams:ToChannelFromBotLoginUrl"] = new Uri(BaseUrl, "botframework.com").ToString(),
        ["Teams:ToChannelFromBotOAuthScope"] = Issuer,
        // The user-token service is never called here, but the SDK wants every endpoint once one is overridden.
        ["Teams:OAuthUrl"] = new Uri(BaseUrl, "oauth").ToString(),
        ["Teams:ValidateAuthority"] = "false",
    };

    public static async Task<FakeBotFrameworkIssuer> StartAsync()
    {
        var signingKey = RSA.Create(2048);
        using var tlsKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", tlsKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
        // Round-trip through PKCS#12 so Kestrel gets a certificate whose private key it can use on every platform.
        var tlsCertificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        var publicOnly = X509CertificateLoader.LoadCertificate(created.Export(X509ContentType.Cert));

        using (var store = new X509Store(StoreName.Root, StoreLocation.CurrentUser))
        {
            store.Open(OpenFlags.ReadWrite);
            store.Add(publicOnly);
        }

        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(tlsCertificate)));
        var app = builder.Build();
        var issuer = new FakeBotFrameworkIssuer(app, publicOnly, signingKey);
        app.MapGet("/v1/.well-known/openidconfiguration", (HttpContext context) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = new Uri(issuer.BaseUrl, "v1/authorize").ToString(),
            ["jwks_uri"] = new Uri(issuer.BaseUrl, "v1/keys").ToString(),
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
        }));
        app.MapGet("/v1/keys", () =>
        {
            var parameters = signingKey.ExportParameters(includePrivateParameters: false);
            return Results.Json(new
            {
                keys = new[]
                {
                    new Dictionary<string, object>
                    {
                        ["kty"] = "RSA",
                        ["use"] = "sig",
                        ["kid"] = KeyId,
                        ["n"] = Base64Url(parameters.Modulus!),
                        ["e"] = Base64Url(parameters.Exponent!),
                        ["endorsements"] = new[] { "msteams" },
                    },
                },
            });
        });
        app.MapPost("/botframework.com/oauth2/v2.0/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            issuer.TokenRequests.Enqueue(form.ToDictionary(field => field.Key, field => field.Value.ToString()));
            return Results.Json(new { token_type = "Bearer", expires_in = 3600, ext_expires_in = 3600, access_token = OutboundAccessToken });
        });
        await app.StartAsync();
        return issuer;
    }

    /// <summary>A channel token as Azure Bot Service would send it, signed with this issuer's key.</summary>
    public string SignedToken(string audience, Uri serviceUrl, RSA? signWith = null)
    {
        var content = Unsigned("RS256", audience, serviceUrl);
        var signature = (signWith ?? _signingKey).SignData(Encoding.ASCII.GetBytes(content), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{content}.{Base64Url(signature)}";
    }

    /// <summary>The same claims with <c>alg: none</c> and no signature.</summary>
    public static string UnsignedToken(string audience, Uri serviceUrl) => Unsigned("none", audience, serviceUrl) + ".";

    private static string Unsigned(string algorithm, string audience, Uri serviceUrl)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new Dictionary<string, object> { ["alg"] = algorithm, ["typ"] = "JWT" };
        if (algorithm != "none") header["kid"] = KeyId;
        var payload = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = audience,
            ["serviceurl"] = serviceUrl.ToString(),
            ["nbf"] = now - 60,
            ["exp"] = now + 600,
        };
        return $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload))}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        using (var store = new X509Store(StoreName.Root, StoreLocation.CurrentUser))
        {
            store.Open(OpenFlags.ReadWrite);
            store.Remove(_trustedCertificate);
        }

        _trustedCertificate.Dispose();
        _signingKey.Dispose();
    }
}
