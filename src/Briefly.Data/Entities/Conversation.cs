namespace Briefly.Data.Entities;

public enum ChatPlatform
{
    Teams,
    Slack,

    /// <summary>The try-it page a local host serves: a person on this machine talking to Briefly in a browser.</summary>
    Local,
}

public enum ConversationKind
{
    /// <summary>A Teams channel or a Slack public or private channel.</summary>
    Channel,

    /// <summary>A group chat (Teams) or a multi-person DM (Slack).</summary>
    Group,

    /// <summary>A one-to-one chat with the bot.</summary>
    Personal,
}

/// <summary>
/// A place the bot can post to: installs and conversation updates create it, and it keeps the platform's
/// reference so proactive messages survive restarts and work from any host.
/// </summary>
public class Conversation
{
    public long Id { get; set; }

    public ChatPlatform Platform { get; set; }

    /// <summary>The platform's id: a Teams conversation id or a Slack channel id.</summary>
    public required string ExternalId { get; set; }

    public ConversationKind Kind { get; set; }

    /// <summary>The Teams tenant or the Slack workspace (team) id.</summary>
    public string? TenantId { get; set; }

    public string? Name { get; set; }

    /// <summary>Teams only: the Bot Connector endpoint this conversation is served from.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The platform's full conversation reference as JSON (Teams ConversationReference; Slack channel and team).</summary>
    public required string ReferenceJson { get; set; }

    /// <summary>IANA time zone of the channel's brief schedule.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Local time of day the daily brief is posted; null means the channel takes no daily brief.</summary>
    public TimeOnly? BriefTime { get; set; }

    /// <summary>Days of the week the brief is posted.</summary>
    public WeekDays BriefDays { get; set; } = WeekDays.Weekdays;

    public bool Paused { get; set; }

    public DateTime InstalledAt { get; set; }

    /// <summary>Set when the platform says the bot was removed or blocked here: nothing more is sent.</summary>
    public DateTime? BlockedAt { get; set; }
}

[Flags]
public enum WeekDays
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
    Sunday = 64,
    Weekdays = Monday | Tuesday | Wednesday | Thursday | Friday,
    Weekend = Saturday | Sunday,
    Every = Weekdays | Weekend,
}
