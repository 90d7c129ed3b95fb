using Microsoft.Extensions.Options;

namespace Briefly.Slack;

/// <summary>The Slack app's credentials, from the "Slack" configuration section. The secrets stay out of appsettings.json.</summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";

    /// <summary>Signs every request Slack sends (Basic Information → Signing Secret). Unset, the Slack endpoints refuse everything.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>
    /// The bot token (<c>xoxb-…</c>) of a one-workspace deployment. With <see cref="ClientId"/> each workspace that installs
    /// Briefly brings its own; this one then serves only workspaces without an installation.
    /// </summary>
    public string? BotToken { get; set; }

    /// <summary>The app's client id (Basic Information → App Credentials), for "Add to Slack" in any number of workspaces.</summary>
    public string? ClientId { get; set; }

    /// <summary>The app's client secret, which trades an install's code for the workspace's bot token. A secret.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The bot scopes an install asks for: those of manifests/slack.</summary>
    public string[] Scopes { get; set; } =
        ["app_mentions:read", "channels:history", "channels:read", "chat:write", "commands", "groups:history", "groups:read",
         "im:history", "im:write", "users:read"];

    /// <summary>
    /// Where Slack sends the person back after authorising, as registered in the app (manifests/slack
    /// <c>oauth_config.redirect_urls</c>): the public address + <c>/slack/oauth/callback</c> unless set.
    /// </summary>
    public Uri? OAuthRedirectUrl { get; set; }

    /// <summary>Slack's authorize page; only tests point it elsewhere.</summary>
    public Uri OAuthAuthorizeUrl { get; set; } = new("https://slack.com/oauth/v2/authorize");

    /// <summary>Whether "Add to Slack" is set up.</summary>
    public bool CanInstall => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret) && OAuthRedirectUrl is not null;

    /// <summary>
    /// An app-level token (<c>xapp-…</c>, scope <c>connections:write</c>) to receive events over Socket Mode: the host opens
    /// the connection itself, so it needs no public address; the signing secret is then not needed. A secret.
    /// </summary>
    public string? AppToken { get; set; }

    /// <summary>Whether events come over Socket Mode.</summary>
    public bool SocketMode => !string.IsNullOrWhiteSpace(AppToken);

    /// <summary>Where the Web API is; only tests point it elsewhere.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>Whether Slack's HTTP requests are taken (they need the signing secret to be verified).</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(SigningSecret);

    /// <summary>Whether Slack is on at all: over HTTP, Socket Mode or both.</summary>
    public bool Receives => Enabled || SocketMode;
}

/// <summary>Checks at start that a host taking Slack's requests can also answer them, naming the missing key.</summary>
internal sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        var installs = !string.IsNullOrWhiteSpace(options.ClientId);
        if (options.Receives && string.IsNullOrWhiteSpace(options.BotToken) && !installs)
            return ValidateOptionsResult.Fail($"Slack:BotToken (one workspace) or Slack:ClientId and Slack:ClientSecret (any workspace that installs Briefly) are required when {(options.Enabled ? "Slack:SigningSecret" : "Slack:AppToken")} is set: without one no answer can be posted.");
        if (!options.Receives && (!string.IsNullOrWhiteSpace(options.BotToken) || installs))
            return ValidateOptionsResult.Fail($"Slack:SigningSecret (events over HTTP) or Slack:AppToken (Socket Mode) is required when {(installs ? "Slack:ClientId" : "Slack:BotToken")} is set: without one no event from Slack can be taken.");
        if (options.SocketMode && !options.AppToken!.StartsWith("xapp-", StringComparison.Ordinal))
            return ValidateOptionsResult.Fail("Slack:AppToken must be an app-level token (xapp-…, Basic Information → App-Level Tokens, scope connections:write), not a bot or user token.");
        if (installs && string.IsNullOrWhiteSpace(options.ClientSecret))
            return ValidateOptionsResult.Fail("Slack:ClientSecret is required when Slack:ClientId is set: without it no install can get its token.");
        if (installs && options.OAuthRedirectUrl is not { IsAbsoluteUri: true })
            return ValidateOptionsResult.Fail("Slack:OAuthRedirectUrl (or Publishing:PublicUrl, which gives it) is required when Slack:ClientId is set: it is where Slack sends people back after they install.");
        if (!options.ApiBaseUrl.IsAbsoluteUri || !options.ApiBaseUrl.AbsolutePath.EndsWith('/'))
            return ValidateOptionsResult.Fail("Slack:ApiBaseUrl must be an absolute URL ending in '/'.");
        return ValidateOptionsResult.Success;
    }
}
