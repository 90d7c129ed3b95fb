using Microsoft.Extensions.Logging;

namespace Briefly.Slack;

/// <summary>The event ids of the Slack edge: 2100–2199.</summary>
public static class SlackEvents
{
    /// <summary>A request to a Slack endpoint failed signature verification (or came too late); it is answered 401.</summary>
    public const int RequestRejected = 2100;

    /// <summary>A Slack interaction arrived that is not a Briefly button press; it is acknowledged and ignored.</summary>
    public const int InteractionNotOurs = 2110;

    /// <summary>Slack delivered an event again that was accepted before; it is answered once.</summary>
    public const int EventAlreadyAccepted = 2111;

    /// <summary>A Socket Mode connection to Slack was opened.</summary>
    public const int SocketConnected = 2120;

    /// <summary>A Socket Mode connection ended (Slack's disconnect, or it dropped); a new one is opened.</summary>
    public const int SocketReconnecting = 2121;

    /// <summary>A Socket Mode connection could not be opened; it is tried again after a pause that doubles up to a minute.</summary>
    public const int SocketConnectionFailed = 2122;

    /// <summary>A Socket Mode envelope of a type Briefly does not handle was acknowledged and ignored.</summary>
    public const int EnvelopeIgnored = 2123;

    /// <summary>A Socket Mode envelope did not have the shape Slack documents; it was acknowledged and dropped.</summary>
    public const int EnvelopeMalformed = 2124;

    /// <summary>A channel's history could not be read to find what a stopped host posted; those messages are posted again.</summary>
    public const int HistoryUnreadable = 2130;

    /// <summary>A person's Home tab could not be published; it stays as it was.</summary>
    public const int HomeNotPublished = 2131;

    /// <summary>A Slack workspace installed Briefly.</summary>
    public const int WorkspaceInstalled = 2140;

    /// <summary>A Slack install failed: the authorisation code did not give a bot token.</summary>
    public const int InstallFailed = 2141;
}

internal static partial class SlackLog
{
    // SlackSignatureFilter
    [LoggerMessage(EventId = SlackEvents.RequestRejected, Level = LogLevel.Warning, Message = "Rejected a request to {Path}: {Problem}")]
    internal static partial void RequestRejected(ILogger logger, string path, string problem);

    // SlackEdge
    [LoggerMessage(EventId = SlackEvents.InteractionNotOurs, Level = LogLevel.Information,
        Message = "Ignored a Slack interaction of type {Type} that is not a Briefly button")]
    internal static partial void InteractionNotOurs(ILogger logger, string? type);

    [LoggerMessage(EventId = SlackEvents.EventAlreadyAccepted, Level = LogLevel.Information,
        Message = "Slack delivered event {EventId} again; it was accepted before and is answered once")]
    internal static partial void EventAlreadyAccepted(ILogger logger, string? eventId);

    // SlackSocketMode
    [LoggerMessage(EventId = SlackEvents.SocketConnected, Level = LogLevel.Information, Message = "Connected to Slack over Socket Mode")]
    internal static partial void SocketConnected(ILogger logger);

    [LoggerMessage(EventId = SlackEvents.SocketReconnecting, Level = LogLevel.Information,
        Message = "Socket Mode: {Reason}; opening a new connection")]
    internal static partial void SocketReconnecting(ILogger logger, string reason);

    [LoggerMessage(EventId = SlackEvents.SocketConnectionFailed, Level = LogLevel.Warning,
        Message = "Socket Mode could not connect to Slack ({Problem}); trying again in {Pause}")]
    internal static partial void SocketConnectionFailed(ILogger logger, string problem, TimeSpan pause);

    [LoggerMessage(EventId = SlackEvents.EnvelopeIgnored, Level = LogLevel.Information,
        Message = "Socket Mode envelope of type {Type} acknowledged and ignored")]
    internal static partial void EnvelopeIgnored(ILogger logger, string? type);

    [LoggerMessage(EventId = SlackEvents.EnvelopeMalformed, Level = LogLevel.Warning,
        Message = "A Socket Mode {Type} envelope is not what Slack sends ({Field}: {Problem}); acknowledged and dropped")]
    internal static partial void EnvelopeMalformed(ILogger logger, string? type, string field, string problem);

    // SlackSender
    [LoggerMessage(EventId = SlackEvents.HistoryUnreadable, Level = LogLevel.Warning,
        Message = "Could not read the history of Slack channel {Channel} to find messages a stopped host posted ({Reason}); they are posted again")]
    internal static partial void HistoryUnreadable(ILogger logger, string channel, string reason);

    [LoggerMessage(EventId = SlackEvents.HomeNotPublished, Level = LogLevel.Warning,
        Message = "The Slack Home tab of {Person} was not published: {Problem} (is the Home tab on in the app's settings?)")]
    internal static partial void HomeNotPublished(ILogger logger, string person, string problem);

    // SlackInstalls
    [LoggerMessage(EventId = SlackEvents.WorkspaceInstalled, Level = LogLevel.Information,
        Message = "Slack workspace {TeamId} ({TeamName}) installed Briefly (by {InstalledBy})")]
    internal static partial void WorkspaceInstalled(ILogger logger, string teamId, string teamName, string installedBy);

    [LoggerMessage(EventId = SlackEvents.InstallFailed, Level = LogLevel.Warning,
        Message = "A Slack install failed: oauth.v2.access answered {Error}")]
    internal static partial void InstallFailed(ILogger logger, string error);
}
