using Microsoft.Extensions.Options;

namespace Briefly.Teams;

/// <summary>
/// The bot's Azure registration, from the "Teams" configuration section. Every value is optional so the bot
/// runs locally (for example against the Bot Framework Emulator) without an Azure registration; a host that
/// listens beyond loopback needs the registration or an explicit <see cref="AllowUnauthenticated"/>.
/// The SDK reads the same keys, so their names follow its configuration names.
/// </summary>
public sealed class TeamsOptions
{
    public const string SectionName = "Teams";

    /// <summary>
    /// <c>SingleTenant</c> (the default: what an Azure Bot created today is), <c>MultiTenant</c> or <c>UserAssignedMSI</c>.
    /// A bot registered single-tenant but run as multi-tenant fails its first reply with AADSTS700016.
    /// </summary>
    public string? MicrosoftAppType { get; set; }

    /// <summary>The app type in force: the one configured, else <c>SingleTenant</c>.</summary>
    internal string EffectiveAppType => string.IsNullOrWhiteSpace(MicrosoftAppType) ? TeamsOptionsValidator.SingleTenant : MicrosoftAppType.Trim();

    /// <summary>The bot's app id; leave empty to accept unauthenticated requests, which only suits local runs.</summary>
    public string? MicrosoftAppId { get; set; }

    /// <summary>The app registration's client secret. A secret: keep it out of appsettings.json.</summary>
    public string? MicrosoftAppPassword { get; set; }

    /// <summary>The tenant of a single-tenant or managed-identity bot.</summary>
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>
    /// Accept unauthenticated activities although the host listens beyond loopback (a private network, or a gateway
    /// in front that authenticates). Without an app id and without this, such a host refuses to start, because
    /// anyone who reached it could post activities and have the bot send to any serviceUrl they name.
    /// </summary>
    public bool AllowUnauthenticated { get; set; }

    /// <summary>
    /// False turns the Teams endpoint off (it answers 403): a Slack-only deployment needs no Azure Bot registration and
    /// opens nothing unauthenticated.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The SDK authenticates inbound requests only when there is an app id (a blank one counts as none here, the stricter reading).</summary>
    internal bool AuthenticationEnabled => !string.IsNullOrWhiteSpace(MicrosoftAppId);
}

/// <summary>
/// Checks at start what the SDK would otherwise only reject on the first request (or, for an unknown app type,
/// silently treat as MultiTenant), naming the offending key.
/// </summary>
internal sealed class TeamsOptionsValidator : IValidateOptions<TeamsOptions>
{
    internal const string MultiTenant = "MultiTenant";
    internal const string SingleTenant = "SingleTenant";
    internal const string UserAssignedMsi = "UserAssignedMSI";

    public ValidateOptionsResult Validate(string? name, TeamsOptions options)
    {
        var failures = new List<string>();
        var appType = options.EffectiveAppType;
        var hasAppId = !string.IsNullOrWhiteSpace(options.MicrosoftAppId);
        var hasPassword = !string.IsNullOrWhiteSpace(options.MicrosoftAppPassword);
        var hasTenant = !string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId);
        var typeGiven = !string.IsNullOrWhiteSpace(options.MicrosoftAppType);

        // No registration at all and no type named: a local run (the Bot Framework Emulator), unauthenticated.
        if (!typeGiven && !hasAppId && !hasPassword && !hasTenant) return ValidateOptionsResult.Success;

        if (Is(appType, SingleTenant))
        {
            var implied = typeGiven ? "is SingleTenant" : "is not set (SingleTenant, the default; MultiTenant for a bot registered as multi-tenant)";
            if (!hasAppId) failures.Add($"Teams:MicrosoftAppId is required when Teams:MicrosoftAppType {implied}.");
            if (!hasPassword) failures.Add($"Teams:MicrosoftAppPassword is required when Teams:MicrosoftAppType {implied}.");
            if (!hasTenant) failures.Add($"Teams:MicrosoftAppTenantId is required when Teams:MicrosoftAppType {implied}.");
        }
        else if (Is(appType, UserAssignedMsi))
        {
            if (!hasAppId) failures.Add("Teams:MicrosoftAppId (the managed identity's client id) is required when Teams:MicrosoftAppType is UserAssignedMSI.");
            if (!hasTenant) failures.Add("Teams:MicrosoftAppTenantId is required when Teams:MicrosoftAppType is UserAssignedMSI.");
            if (hasPassword) failures.Add("Teams:MicrosoftAppPassword must be empty when Teams:MicrosoftAppType is UserAssignedMSI.");
        }
        else if (Is(appType, MultiTenant))
        {
            // A password without an id would leave authentication off, which is the opposite of what was meant.
            if (hasPassword && !hasAppId) failures.Add("Teams:MicrosoftAppId is required when Teams:MicrosoftAppPassword is set.");
            // Inbound checks would pass, but every reply would fail to get a token.
            if (hasAppId && !hasPassword) failures.Add("Teams:MicrosoftAppPassword is required when Teams:MicrosoftAppId is set for a MultiTenant bot.");
        }
        else
        {
            failures.Add($"Teams:MicrosoftAppType '{appType}' is not one of {MultiTenant}, {SingleTenant}, {UserAssignedMsi}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool Is(string appType, string expected) => string.Equals(appType, expected, StringComparison.OrdinalIgnoreCase);
}
