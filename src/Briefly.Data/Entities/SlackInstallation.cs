namespace Briefly.Data.Entities;

/// <summary>
/// Briefly installed in a Slack workspace through "Add to Slack" (OAuth v2): the workspace's bot token, kept encrypted,
/// which every Web API call for that workspace is made with. Removed when the app is uninstalled there.
/// </summary>
public class SlackInstallation
{
    public long Id { get; set; }

    /// <summary>The workspace (team) id, <c>T…</c>.</summary>
    public required string TeamId { get; set; }

    public string? TeamName { get; set; }

    /// <summary>The Enterprise Grid organisation the workspace belongs to, if any.</summary>
    public string? EnterpriseId { get; set; }

    /// <summary>The bot user's id in the workspace (<c>U…</c>).</summary>
    public string? BotUserId { get; set; }

    /// <summary>The bot token (<c>xoxb-…</c>) encrypted with ASP.NET Core Data Protection; never stored in the clear.</summary>
    public required string ProtectedBotToken { get; set; }

    /// <summary>The scopes the workspace granted, comma-separated as Slack reports them.</summary>
    public string Scopes { get; set; } = "";

    /// <summary>Who installed it (<c>U…</c>).</summary>
    public string? InstalledBy { get; set; }

    public DateTime InstalledAt { get; set; }
}
