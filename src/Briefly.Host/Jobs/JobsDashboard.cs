using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Hangfire;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Briefly.Host.Jobs;

/// <summary>
/// The "Dashboard" section: the operator's sign-in, for Hangfire's dashboard (which can trigger, retry and delete jobs)
/// and the admin page.
/// </summary>
internal sealed class DashboardAccessOptions
{
    public const string Section = "Dashboard";

    /// <summary>
    /// Long enough that guessing over HTTP is hopeless: the sign-in takes as many guesses as anyone cares to send.
    /// </summary>
    public const int MinimumPasswordLength = 16;

    /// <summary>The password the dashboard asks for (HTTP Basic). Unset, the dashboard is off unless <see cref="AllowLocalWithoutSignIn"/>.</summary>
    public string? Password { get; set; }

    public string UserName { get; set; } = "admin";

    /// <summary>
    /// For development: without a password, serve the dashboard to requests from this machine, unsigned-in. Never
    /// the default, because behind a reverse proxy on the same machine every request comes from this machine.
    /// </summary>
    public bool AllowLocalWithoutSignIn { get; set; }

    public bool SignInRequired => !string.IsNullOrWhiteSpace(Password);

    /// <summary>
    /// Whether these are the operator's user name and password. Both are compared in full whatever differs, as hashes, so
    /// the time taken tells nothing of either or of their length.
    /// </summary>
    public bool Accepts(string userName, string password) =>
        SignInRequired & SameText(userName, UserName) & SameText(password, Password ?? "");

    private static bool SameText(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}

/// <summary>Checks the "Dashboard" section at start, naming the key that is wrong.</summary>
internal sealed class DashboardAccessValidator : IValidateOptions<DashboardAccessOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardAccessOptions options)
    {
        var failures = new List<string>();
        if (options.SignInRequired && options.Password!.Length < DashboardAccessOptions.MinimumPasswordLength)
            failures.Add($"Dashboard:Password is {options.Password.Length} characters; it must be at least {DashboardAccessOptions.MinimumPasswordLength} " +
                "(for example the output of `openssl rand -base64 24`).");
        // HTTP Basic ends the user name at the first colon.
        if (string.IsNullOrWhiteSpace(options.UserName) || options.UserName.Contains(':', StringComparison.Ordinal))
            failures.Add($"Dashboard:UserName '{options.UserName}' must be a name without ':'.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>
/// Hangfire's dashboard at /hangfire: behind a password, or for development open to this machine only, or off.
/// Its POSTs carry an antiforgery token, so a page in the operator's browser cannot trigger or delete jobs.
/// </summary>
internal static class JobsDashboard
{
    public const string Path = "/hangfire";
    private const string Policy = "jobs-dashboard";

    public static WebApplicationBuilder AddJobsDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DashboardAccessOptions>().BindConfiguration(DashboardAccessOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DashboardAccessOptions>, DashboardAccessValidator>();
        builder.Services.AddAuthentication(o => o.AddScheme<DashboardSignIn>(DashboardSignIn.SchemeName, displayName: null));
        builder.Services.AddAuthorization(o => o.AddPolicy(Policy, p => p.AddAuthenticationSchemes(DashboardSignIn.SchemeName).RequireAuthenticatedUser()));
        // With IAntiforgery registered, Hangfire puts a token in its pages, which its scripts send with every POST,
        // and refuses a POST without a valid one (403). The browser sends the cookie half only from our own pages
        // (SameSite=Strict).
        builder.Services.AddAntiforgery(o => o.SuppressXFrameOptionsHeader = true); // SecurityHeaders sends DENY.
        builder.Services.AddHostedService<DashboardAccessNotice>();
        return builder;
    }

    public static WebApplication MapBriefJobsDashboard(this WebApplication app)
    {
        // Commands run no jobs and serve no dashboard.
        if (app.Services.GetService<JobStorage>() is null) return app;

        // Read unvalidated: the endpoints are mapped before the host starts, and a wrong value is refused at start
        // (ValidateOnStart) with the key named, before anything is served.
        var access = app.Configuration.GetSection(DashboardAccessOptions.Section).Get<DashboardAccessOptions>() ?? new DashboardAccessOptions();
        if (access.SignInRequired) app.MapHangfireDashboardWithAuthorizationPolicy(Policy, Path);
        // Hangfire's default authorization: requests from this machine only.
        else if (access.AllowLocalWithoutSignIn) app.MapHangfireDashboard(Path);
        return app;
    }

    /// <summary>Says once, at start, whether the dashboard is served and to whom.</summary>
    private sealed class DashboardAccessNotice(IOptions<DashboardAccessOptions> options, ILogger<DashboardAccessNotice> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var access = options.Value;
            if (access.SignInRequired) HostLog.DashboardSignIn(logger, Path, access.UserName);
            else if (access.AllowLocalWithoutSignIn) HostLog.DashboardLocalWithoutSignIn(logger, Path);
            else HostLog.DashboardOff(logger, Path);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>
    /// HTTP Basic against Dashboard:UserName and Dashboard:Password: the browser asks once and sends them with every
    /// request; curl takes <c>-u</c>.
    /// </summary>
    /// <remarks>
    /// An IAuthenticationHandler rather than an AuthenticationHandler: that base class logs every challenge at
    /// Information, and a browser's first request to the dashboard is always challenged.
    /// </remarks>
    private sealed class DashboardSignIn(IOptions<DashboardAccessOptions> access, ILogger<DashboardSignIn> logger) : IAuthenticationHandler
    {
        public const string SchemeName = "jobs-dashboard";
        private const string Challenge = "Basic realm=\"Briefly jobs dashboard\", charset=\"UTF-8\"";

        private HttpContext _context = null!;
        private AuthenticateResult? _result;

        public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
        {
            _context = context;
            return Task.CompletedTask;
        }

        public Task<AuthenticateResult> AuthenticateAsync() => Task.FromResult(_result ??= Authenticate());

        public Task ChallengeAsync(AuthenticationProperties? properties)
        {
            if ((_result ??= Authenticate()).Failure is not null) HostLog.DashboardRefused(logger, _context.Connection.RemoteIpAddress);
            _context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            _context.Response.Headers.WWWAuthenticate = Challenge;
            return Task.CompletedTask;
        }

        public Task ForbidAsync(AuthenticationProperties? properties)
        {
            _context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }

        private AuthenticateResult Authenticate()
        {
            // ASP.NET Core makes a lone scheme the default and runs it on every request; the dashboard's credentials
            // mean nothing elsewhere.
            if (!_context.Request.Path.StartsWithSegments(Path)
                || !AuthenticationHeaderValue.TryParse(_context.Request.Headers.Authorization, out var header)
                || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
                return AuthenticateResult.NoResult();

            if (!TryRead(header.Parameter, out var userName, out var password) || !access.Value.Accepts(userName, password))
                return AuthenticateResult.Fail("Wrong user name or password.");

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, userName)], SchemeName);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
        }

        private static bool TryRead(string? parameter, out string userName, out string password)
        {
            userName = password = "";
            if (parameter is null) return false;
            var bytes = new byte[parameter.Length];
            if (!Convert.TryFromBase64String(parameter, bytes, out var length)) return false;
            var pair = Encoding.UTF8.GetString(bytes, 0, length);
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) return false;
            userName = pair[..colon];
            password = pair[(colon + 1)..];
            return true;
        }
    }
}
