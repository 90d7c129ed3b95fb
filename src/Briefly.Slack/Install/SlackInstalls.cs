using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefly.Slack.Install;

/// <summary>
/// "Add to Slack" for any number of workspaces, by Slack's OAuth v2 flow
/// (https://docs.slack.dev/authentication/installing-with-oauth): <c>/slack/install</c> sends the person to Slack's
/// authorize page with a <c>state</c> bound to their browser; <c>/slack/oauth/callback</c> checks it, trades the code for
/// the workspace's bot token (<c>oauth.v2.access</c>) and stores the token encrypted.
/// </summary>
public static class SlackInstalls
{
    private const string StateCookie = "briefly_slack_oauth";
    private const string StatePurpose = "Briefly.Slack.OAuthState";

    /// <summary>How long a person has on Slack's authorize page before the install must start again.</summary>
    private static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    public static IEndpointRouteBuilder MapSlackInstall(this IEndpointRouteBuilder app)
    {
        app.MapGet("/slack/install", Start);
        app.MapGet("/slack/oauth/callback", FinishAsync);
        return app;
    }

    private static IResult Start(HttpContext http, IOptions<SlackOptions> options, IDataProtectionProvider protection)
    {
        var slack = options.Value;
        if (!slack.CanInstall) return Page(StatusCodes.Status404NotFound, "Installing is not set up",
            "This Briefly has no Slack app credentials for installing (Slack:ClientId and Slack:ClientSecret).");
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var state = protection.CreateProtector(StatePurpose).ToTimeLimitedDataProtector().Protect(nonce, StateLifetime);
        http.Response.Cookies.Append(StateCookie, nonce, new CookieOptions
        {
            HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Lax, Path = "/slack/oauth", MaxAge = StateLifetime,
        });
        var query = QueryString.Create(new Dictionary<string, string?>
        {
            ["client_id"] = slack.ClientId, ["scope"] = string.Join(",", slack.Scopes), ["state"] = state,
            ["redirect_uri"] = slack.OAuthRedirectUrl!.AbsoluteUri,
        });
        return Results.Redirect(slack.OAuthAuthorizeUrl.AbsoluteUri + query.ToUriComponent());
    }

    private static async Task<IResult> FinishAsync(HttpContext http, IOptions<SlackOptions> options, IDataProtectionProvider protection,
        IHttpClientFactory clients, BrieflyDbContext db, SlackBotTokens tokens, TimeProvider time, ILoggerFactory loggers)
    {
        var slack = options.Value;
        var logger = loggers.CreateLogger(typeof(SlackInstalls));
        if (!slack.CanInstall) return Page(StatusCodes.Status404NotFound, "Installing is not set up",
            "This Briefly has no Slack app credentials for installing (Slack:ClientId and Slack:ClientSecret).");
        var query = http.Request.Query;
        http.Response.Cookies.Delete(StateCookie, new CookieOptions { Path = "/slack/oauth" });
        if (!StateHolds(query["state"], http.Request.Cookies[StateCookie], protection))
            return Page(StatusCodes.Status400BadRequest, "This install link has expired",
                "The install was not started from this browser, or was started more than ten minutes ago. Start it again from the Add to Slack link.");
        if (query["error"] is { Count: > 0 } refused)
            return Page(StatusCodes.Status400BadRequest, "Briefly was not installed", $"Slack said: {refused}.");
        if (query["code"] is not { Count: 1 } code || string.IsNullOrEmpty(code))
            return Page(StatusCodes.Status400BadRequest, "Briefly was not installed", "Slack sent no authorisation code.");

        var answer = await ExchangeAsync(clients.CreateClient(nameof(SlackInstalls)), slack, code!, http.RequestAborted);
        if ((bool?)answer["ok"] != true || answer["access_token"] is null || (string?)answer["team"]?["id"] is not { Length: > 0 } teamId)
        {
            var error = (string?)answer["error"] ?? "no bot token in the answer";
            SlackLog.InstallFailed(logger, error);
            return Page(StatusCodes.Status502BadGateway, "Briefly was not installed", $"Slack did not give a bot token ({error}). Start the install again.");
        }

        var installation = await db.SlackInstallations.FirstOrDefaultAsync(i => i.TeamId == teamId, http.RequestAborted);
        if (installation is null)
        {
            installation = new SlackInstallation { TeamId = teamId, ProtectedBotToken = "" };
            db.SlackInstallations.Add(installation);
        }
        installation.TeamName = (string?)answer["team"]?["name"];
        installation.EnterpriseId = (string?)answer["enterprise"]?["id"];
        installation.BotUserId = (string?)answer["bot_user_id"];
        installation.Scopes = (string?)answer["scope"] ?? "";
        installation.InstalledBy = (string?)answer["authed_user"]?["id"];
        installation.InstalledAt = time.GetUtcNow().UtcDateTime;
        installation.ProtectedBotToken = tokens.Protect((string)answer["access_token"]!);
        await db.SaveChangesAsync(http.RequestAborted);
        tokens.Forget(teamId);
        SlackLog.WorkspaceInstalled(logger, teamId, installation.TeamName ?? "", installation.InstalledBy ?? "");

        var open = (string?)answer["app_id"] is { } appId
            ? $"""<p><a href="https://slack.com/app_redirect?app={UrlEncoder.Default.Encode(appId)}&amp;team={UrlEncoder.Default.Encode(teamId)}">Open Briefly in Slack</a></p>"""
            : "";
        return Page(StatusCodes.Status200OK, "Briefly is installed",
            $"Briefly is now in {HtmlEncoder.Default.Encode(installation.TeamName ?? teamId)}. Invite it to a channel (<code>/invite @briefly</code>) for the daily brief there, or send it a direct message such as <code>latest on AI chips</code>.{open}",
            encoded: true);
    }

    /// <summary>The state Slack brings back is one this host made less than ten minutes ago for this browser.</summary>
    private static bool StateHolds(string? state, string? cookie, IDataProtectionProvider protection)
    {
        if (string.IsNullOrEmpty(state) || string.IsNullOrEmpty(cookie)) return false;
        try
        {
            var nonce = protection.CreateProtector(StatePurpose).ToTimeLimitedDataProtector().Unprotect(state);
            return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(nonce), Convert.FromHexString(cookie));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return false;
        }
    }

    /// <remarks>https://docs.slack.dev/reference/methods/oauth.v2.access</remarks>
    private static async Task<JsonObject> ExchangeAsync(HttpClient http, SlackOptions slack, string code, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = slack.ClientId!, ["client_secret"] = slack.ClientSecret!, ["code"] = code,
            ["redirect_uri"] = slack.OAuthRedirectUrl!.AbsoluteUri,
        });
        using var response = await http.PostAsync(new Uri(slack.ApiBaseUrl, "oauth.v2.access"), form, cancellationToken);
        if (!response.IsSuccessStatusCode) return new JsonObject { ["ok"] = false, ["error"] = $"http_{(int)response.StatusCode}" };
        return await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) ?? new JsonObject { ["ok"] = false, ["error"] = "empty_response" };
    }

    /// <summary>Removes a workspace's installation (uninstalled, or its bot token revoked): its token is gone with it.</summary>
    public static async Task RemoveAsync(BrieflyDbContext db, SlackBotTokens tokens, string teamId, CancellationToken cancellationToken)
    {
        await db.SlackInstallations.Where(i => i.TeamId == teamId).ExecuteDeleteAsync(cancellationToken);
        tokens.Forget(teamId);
    }

    private static IResult Page(int status, string title, string text, bool encoded = false)
    {
        var html = HtmlEncoder.Default;
        var body = encoded ? text : html.Encode(text);
        return Results.Content($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Briefly: {{html.Encode(title)}}</title>
            <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5}</style></head>
            <body><h1>{{html.Encode(title)}}</h1><p>{{body}}</p></body></html>
            """, "text/html; charset=utf-8", statusCode: status);
    }
}
