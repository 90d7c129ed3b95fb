using System.Net;
using Briefly.Host.Jobs;
using Hangfire;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Briefly.Host.Admin;

/// <summary>
/// The admin page at <c>/admin</c> (Razor Pages in this folder): what went out where, the latest briefs as each platform
/// shows them, followers and topics, "send now" for a channel, and a paste box that previews a brief before it is stored.
/// It takes the operator's sign-in of the jobs dashboard (<c>Dashboard:UserName</c>, <c>Dashboard:Password</c>), in a
/// form and a cookie; with no password it opens, unsigned-in, to this machine only, and only for development
/// (<c>Dashboard:AllowLocalWithoutSignIn</c>, or <c>serve --samples</c>); otherwise it is off.
/// </summary>
internal static class AdminPages
{
    public const string Path = "/admin";
    public const string LoginPath = "/admin/login";
    public const string Scheme = "admin";
    private const string Policy = "admin-page";

    public static WebApplicationBuilder AddAdminPages(this WebApplicationBuilder builder, bool samples)
    {
        builder.Services.AddSingleton(new AdminPageMode(samples));
        builder.Services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.LoginPath = LoginPath;
            o.AccessDeniedPath = LoginPath;
            o.Cookie.Name = "briefly-admin";
            o.Cookie.Path = Path;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        builder.Services.AddSingleton<IAuthorizationHandler, AdminAccessHandler>();
        builder.Services.AddAuthorization(o => o.AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).AddRequirements(new AdminAccessRequirement())));
        builder.Services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Admin";
            o.Conventions.AuthorizeFolder("/", Policy);
            o.Conventions.AllowAnonymousToPage("/Login");
        });
        builder.Services.AddScoped<AdminOverview>();
        builder.Services.AddHostedService<AdminAccessNotice>();
        return builder;
    }

    public static WebApplication MapAdminPages(this WebApplication app)
    {
        // Commands serve no pages; "send now" needs the job queue.
        if (app.Services.GetService<JobStorage>() is null) return app;
        // Read unvalidated, as the dashboard's: a wrong value stops the start (ValidateOnStart) before anything is served.
        var access = app.Configuration.GetSection(DashboardAccessOptions.Section).Get<DashboardAccessOptions>() ?? new DashboardAccessOptions();
        if (access.SignInRequired || OpenToThisMachine(access, app.Services.GetRequiredService<AdminPageMode>())) app.MapRazorPages();
        return app;
    }

    /// <summary>No password, and the operator opened the page to this machine for development.</summary>
    private static bool OpenToThisMachine(DashboardAccessOptions access, AdminPageMode mode) =>
        !access.SignInRequired && (access.AllowLocalWithoutSignIn || mode.Samples);

    /// <summary>Whether <c>serve --samples</c> started the host: a local try-out, where the page opens to this machine.</summary>
    internal sealed record AdminPageMode(bool Samples);

    internal sealed class AdminAccessRequirement : IAuthorizationRequirement;

    /// <summary>Signed in with the operator's password, or, with no password set, a request from this machine when that is allowed.</summary>
    internal sealed class AdminAccessHandler(IOptions<DashboardAccessOptions> access, AdminPageMode mode) : AuthorizationHandler<AdminAccessRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminAccessRequirement requirement)
        {
            var options = access.Value;
            var allowed = options.SignInRequired
                ? context.User.Identity is { IsAuthenticated: true, AuthenticationType: Scheme }
                : OpenToThisMachine(options, mode) && context.Resource is HttpContext http
                    && http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);
            if (allowed) context.Succeed(requirement);
            return Task.CompletedTask;
        }
    }

    /// <summary>Says once, at start, whether the admin page is served and to whom.</summary>
    private sealed class AdminAccessNotice(IOptions<DashboardAccessOptions> options, AdminPageMode mode, ILogger<AdminAccessNotice> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var access = options.Value;
            if (access.SignInRequired) HostLog.AdminPageSignIn(logger, Path, access.UserName);
            else if (OpenToThisMachine(access, mode)) HostLog.AdminPageLocalWithoutSignIn(logger, Path);
            else HostLog.AdminPageOff(logger, Path);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
