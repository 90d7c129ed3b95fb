using System.Security.Claims;
using Briefly.Host.Jobs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Briefly.Host.Admin;

/// <summary>The operator's sign-in (<c>Dashboard:UserName</c> and <c>Dashboard:Password</c>), kept in a cookie for the admin page.</summary>
internal sealed class LoginModel(IOptions<DashboardAccessOptions> access, ILogger<LoginModel> logger) : PageModel
{
    public bool SignInConfigured => access.Value.SignInRequired;

    public string ReturnUrl { get; private set; } = AdminPages.Path;

    public string? UserName { get; private set; }

    public bool Refused { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = Within(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? userName, string? password, string? returnUrl)
    {
        ReturnUrl = Within(returnUrl);
        UserName = userName;
        if (!access.Value.Accepts(userName ?? "", password ?? ""))
        {
            HostLog.AdminPageRefused(logger, HttpContext.Connection.RemoteIpAddress);
            Refused = true;
            return Page();
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, access.Value.UserName)], AdminPages.Scheme);
        await HttpContext.SignInAsync(AdminPages.Scheme, new ClaimsPrincipal(identity));
        HostLog.AdminPageSignedIn(logger, access.Value.UserName, HttpContext.Connection.RemoteIpAddress);
        return LocalRedirect(ReturnUrl);
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(AdminPages.Scheme);
        return RedirectToPage();
    }

    /// <summary>Back to the admin page asked for, never elsewhere (an open redirect would take the operator off-site).</summary>
    private static string Within(string? returnUrl) =>
        returnUrl is not null && returnUrl.StartsWith(AdminPages.Path, StringComparison.Ordinal) && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && Uri.TryCreate(returnUrl, UriKind.Relative, out _)
            ? returnUrl
            : AdminPages.Path;
}
