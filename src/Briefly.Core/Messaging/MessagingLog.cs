using Briefly.Data.Entities;
using Microsoft.Extensions.Logging;

namespace Briefly.Core.Messaging;

/// <summary>The event ids of the inbox and the outbox (answering messages, sending replies): 1400–1499.</summary>
public static class MessagingEvents
{
    /// <summary>The platform could not say a person's time zone; the message is answered without it.</summary>
    public const int NoTimeZone = 1400;

    /// <summary>The platform would not open a direct chat for someone following a topic; the reply says how to get alerts.</summary>
    public const int NoDirectChat = 1401;

    /// <summary>Handling an accepted message failed; it is tried again later.</summary>
    public const int HandlingRetrying = 1402;

    /// <summary>Handling an accepted message kept failing past its give-up time; an apology was queued instead.</summary>
    public const int HandlingGaveUp = 1403;

    /// <summary>Not even the apology for a message that could not be handled could be queued.</summary>
    public const int ApologyNotQueued = 1404;

    /// <summary>A queued message was sent, all its parts.</summary>
    public const int Sent = 1410;

    /// <summary>The platform put a queued message off (a rate limit, an outage); it is sent at the next attempt.</summary>
    public const int SendDeferred = 1411;

    /// <summary>Sending a queued message failed unexpectedly; it is sent at the next attempt.</summary>
    public const int SendFailed = 1412;

    /// <summary>A queued message was not sent by its give-up time and is failed.</summary>
    public const int SendGaveUp = 1413;

    /// <summary>The platform refused a queued message for good.</summary>
    public const int SendRefused = 1414;

    /// <summary>The bot was removed from a conversation or blocked there; nothing more is sent there.</summary>
    public const int ConversationUnreachable = 1415;

    /// <summary>The dispatcher could not read the inbox and outbox (the database away); it tries again.</summary>
    public const int DispatchFailed = 1420;

    /// <summary>Handling or sending one message failed before it could record the outcome; its claim runs out and it is tried again.</summary>
    public const int WorkFailed = 1421;
}

internal static partial class MessagingLog
{
    // InboundWork
    [LoggerMessage(EventId = MessagingEvents.NoTimeZone, Level = LogLevel.Warning,
        Message = "Could not read the time zone of {Platform} user {UserId} ({Reason}); answering without it")]
    internal static partial void NoTimeZone(ILogger logger, ChatPlatform platform, string userId, string reason);

    [LoggerMessage(EventId = MessagingEvents.NoDirectChat, Level = LogLevel.Information,
        Message = "{Platform} would not open a direct chat with user {UserId}; the reply says how to get alerts")]
    internal static partial void NoDirectChat(ILogger logger, ChatPlatform platform, string userId);

    [LoggerMessage(EventId = MessagingEvents.HandlingRetrying, Level = LogLevel.Warning,
        Message = "Handling {Platform} event {EventId} failed; trying again at {NextAttemptAt:u}")]
    internal static partial void HandlingRetrying(ILogger logger, Exception exception, ChatPlatform platform, string eventId, DateTime nextAttemptAt);

    [LoggerMessage(EventId = MessagingEvents.HandlingGaveUp, Level = LogLevel.Error,
        Message = "Gave up handling {Platform} event {EventId} after {Attempts} attempts; an apology was queued")]
    internal static partial void HandlingGaveUp(ILogger logger, Exception exception, ChatPlatform platform, string eventId, int attempts);

    [LoggerMessage(EventId = MessagingEvents.ApologyNotQueued, Level = LogLevel.Error,
        Message = "Could not queue an apology for {Platform} event {EventId}")]
    internal static partial void ApologyNotQueued(ILogger logger, Exception exception, ChatPlatform platform, string eventId);

    // OutboundWork
    [LoggerMessage(EventId = MessagingEvents.Sent, Level = LogLevel.Information,
        Message = "Sent {Kind} {OutboundId} to {Platform} conversation {Channel} in {Parts} messages")]
    internal static partial void Sent(ILogger logger, OutboundKind kind, long outboundId, ChatPlatform platform, string channel, int parts);

    [LoggerMessage(EventId = MessagingEvents.SendDeferred, Level = LogLevel.Information,
        Message = "Deferred {Kind} {OutboundId} to {Platform} conversation {Channel} ({Reason}); next attempt at {NextAttemptAt:u}")]
    internal static partial void SendDeferred(ILogger logger, OutboundKind kind, long outboundId, ChatPlatform platform, string channel, string reason, DateTime nextAttemptAt);

    [LoggerMessage(EventId = MessagingEvents.SendFailed, Level = LogLevel.Warning,
        Message = "Sending {Kind} {OutboundId} to {Platform} conversation {Channel} failed; next attempt at {NextAttemptAt:u}")]
    internal static partial void SendFailed(ILogger logger, Exception exception, OutboundKind kind, long outboundId, ChatPlatform platform, string channel, DateTime nextAttemptAt);

    [LoggerMessage(EventId = MessagingEvents.SendGaveUp, Level = LogLevel.Error,
        Message = "Gave up sending {Kind} {OutboundId} to {Platform} conversation {Channel}: not sent by {GiveUpAt:u}")]
    internal static partial void SendGaveUp(ILogger logger, Exception exception, OutboundKind kind, long outboundId, ChatPlatform platform, string channel, DateTime giveUpAt);

    [LoggerMessage(EventId = MessagingEvents.SendRefused, Level = LogLevel.Error,
        Message = "{Platform} refused {Kind} {OutboundId} for conversation {Channel}")]
    internal static partial void SendRefused(ILogger logger, Exception exception, OutboundKind kind, long outboundId, ChatPlatform platform, string channel);

    [LoggerMessage(EventId = MessagingEvents.ConversationUnreachable, Level = LogLevel.Warning,
        Message = "{Platform} conversation {Channel} can no longer be posted to ({Reason}); nothing more is sent there")]
    internal static partial void ConversationUnreachable(ILogger logger, ChatPlatform platform, string channel, string reason);

    // MessageDispatcher
    [LoggerMessage(EventId = MessagingEvents.DispatchFailed, Level = LogLevel.Error,
        Message = "The message dispatcher could not read the inbox and outbox; trying again")]
    internal static partial void DispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = MessagingEvents.WorkFailed, Level = LogLevel.Error,
        Message = "{Work} failed before it could record the outcome; it is tried again when its claim runs out")]
    internal static partial void WorkFailed(ILogger logger, Exception exception, string work);
}
