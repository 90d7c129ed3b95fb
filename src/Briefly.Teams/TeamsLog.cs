using Microsoft.Extensions.Logging;

namespace Briefly.Teams;

/// <summary>The event ids of the Teams edge: 2000–2099.</summary>
public static class TeamsEvents
{
    /// <summary>A request to /api/messages carried a token that failed validation; it is answered 401.</summary>
    public const int RejectedToken = 2000;

    /// <summary>A request to /api/messages had a body that is not a usable activity; it is answered 400.</summary>
    public const int RejectedActivity = 2001;

    /// <summary>With authentication off, a request to /api/messages came from another machine and was refused.</summary>
    public const int RefusedRemoteClient = 2002;

    /// <summary>At start, with authentication off: unauthenticated activities are accepted from this machine only.</summary>
    public const int UnauthenticatedLocalOnly = 2010;

    /// <summary>At start, with authentication off and Teams:AllowUnauthenticated: unauthenticated activities are accepted from anyone.</summary>
    public const int UnauthenticatedOpenToAnyone = 2011;

    /// <summary>An exception escaped a turn; the person got a fixed apology.</summary>
    public const int TurnFailed = 2020;

    /// <summary>The apology for a failed turn could not be sent either.</summary>
    public const int ApologyFailed = 2021;

    /// <summary>Teams delivered an activity again that was accepted before; it is answered once.</summary>
    public const int ActivityAlreadyAccepted = 2030;

    /// <summary>A followed card could not be drawn again after a button press; it stays as it was.</summary>
    public const int CardRedrawFailed = 2040;
}

internal static partial class TeamsLog
{
    // TeamsHostingExtensions
    [LoggerMessage(EventId = TeamsEvents.RejectedToken, Level = LogLevel.Warning,
        Message = "Rejected a Teams request whose token failed validation ({Reason})")]
    internal static partial void RejectedToken(ILogger logger, string reason);

    [LoggerMessage(EventId = TeamsEvents.RejectedActivity, Level = LogLevel.Warning,
        Message = "Rejected a Teams request whose body is unusable: {Problem}")]
    internal static partial void RejectedActivity(ILogger logger, string problem);

    [LoggerMessage(EventId = TeamsEvents.RefusedRemoteClient, Level = LogLevel.Warning,
        Message = "Refused a Teams request from {RemoteAddress}: authentication is off, so only this machine may post activities")]
    internal static partial void RefusedRemoteClient(ILogger logger, string? remoteAddress);

    // UnauthenticatedAccessNotice
    [LoggerMessage(EventId = TeamsEvents.UnauthenticatedLocalOnly, Level = LogLevel.Warning,
        Message = "Teams authentication is off (no Teams:MicrosoftAppId): accepting unauthenticated activities from this machine only, on {Addresses}")]
    internal static partial void UnauthenticatedLocalOnly(ILogger logger, string addresses);

    [LoggerMessage(EventId = TeamsEvents.UnauthenticatedOpenToAnyone, Level = LogLevel.Warning,
        Message = "Teams authentication is off (no Teams:MicrosoftAppId) and Teams:AllowUnauthenticated is true: accepting unauthenticated activities from anyone who can reach {Addresses}")]
    internal static partial void UnauthenticatedOpenToAnyone(ILogger logger, string addresses);

    // TurnErrorHandler
    [LoggerMessage(EventId = TeamsEvents.TurnFailed, Level = LogLevel.Error,
        Message = "Teams turn failed for {ActivityType} activity {ActivityId} in conversation {ConversationId}")]
    internal static partial void TurnFailed(ILogger logger, Exception exception, string? activityType, string? activityId, string? conversationId);

    [LoggerMessage(EventId = TeamsEvents.ApologyFailed, Level = LogLevel.Warning,
        Message = "Could not tell conversation {ConversationId} that its turn failed")]
    internal static partial void ApologyFailed(ILogger logger, Exception exception, string? conversationId);

    // BrieflyTeamsBot
    [LoggerMessage(EventId = TeamsEvents.ActivityAlreadyAccepted, Level = LogLevel.Information,
        Message = "Teams delivered activity {ActivityId} again; it was accepted before and is answered once")]
    internal static partial void ActivityAlreadyAccepted(ILogger logger, string? activityId);

    // TeamsCardUpdates
    [LoggerMessage(EventId = TeamsEvents.CardRedrawFailed, Level = LogLevel.Warning,
        Message = "Could not draw a followed card again; the card stays as it was")]
    internal static partial void CardRedrawFailed(ILogger logger, Exception exception);
}
