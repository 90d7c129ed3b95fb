using Briefly.Data.Entities;
using Microsoft.Extensions.Logging;

namespace Briefly.Core.Deliveries;

/// <summary>The event ids of the deliveries' log events (daily briefs, send now, topic alerts): 1500–1599.</summary>
public static class DeliveryEvents
{
    /// <summary>A planner run recorded new deliveries or queued waiting ones again.</summary>
    public const int PlanRun = 1500;

    /// <summary>Every delivery of a fan-out is settled: one line of what became of it.</summary>
    public const int FanOutFinished = 1501;

    /// <summary>A brief was posted to a conversation.</summary>
    public const int BriefSent = 1510;

    /// <summary>The platform put a brief off (a 429, a 503, an outage); it is tried again at the time given.</summary>
    public const int BriefDeferred = 1511;

    /// <summary>A brief's send failed with an error the platform did not answer with; it is tried again.</summary>
    public const int BriefDeferredAfterError = 1512;

    /// <summary>The platform refused a brief for good; it is not sent to that conversation.</summary>
    public const int BriefRefused = 1513;

    /// <summary>A brief was not sent within its time and is failed.</summary>
    public const int BriefGaveUp = 1514;

    /// <summary>A host that died mid-send had posted the brief; found on the platform and recorded, not posted again.</summary>
    public const int BriefFoundPosted = 1515;

    /// <summary>The bot was removed from a conversation or blocked there; its briefs stop.</summary>
    public const int ConversationUnreachable = 1516;

    /// <summary>A delivery could not be handed back for its next attempt; its claim runs out on its own.</summary>
    public const int DeliveryNotReleased = 1517;

    /// <summary>An operator asked for a channel's brief now (the admin page).</summary>
    public const int SendNow = 1520;

    /// <summary>New stories matched followed topics and alerts were recorded.</summary>
    public const int AlertsMatched = 1530;

    /// <summary>A person's waiting alerts (or their digest) were queued for their direct chat.</summary>
    public const int AlertsQueued = 1531;
}

/// <summary>The deliveries' log events, one method each.</summary>
internal static partial class DeliveryLog
{
    // BriefPlanner
    [LoggerMessage(EventId = DeliveryEvents.PlanRun, Level = LogLevel.Information,
        Message = "Delivery planning: {Due} channels past their brief time today, {Planned} deliveries planned, {Waiting} earlier ones queued again")]
    internal static partial void PlanRun(ILogger logger, int due, int planned, int waiting);

    [LoggerMessage(EventId = DeliveryEvents.FanOutFinished,
        Message = "Fan-out of brief {BriefId} due {DueAt:u} finished: {Conversations} conversations, {Sent} sent, {Skipped} skipped, {Failed} failed, {Deferred} deferred at least once; the last sent {LastSentAfter} after its time")]
    internal static partial void FanOutFinished(ILogger logger, LogLevel level, long briefId, DateTime dueAt, int conversations, int sent, int skipped, int failed,
        int deferred, string lastSentAfter);

    // BriefSender
    [LoggerMessage(EventId = DeliveryEvents.BriefSent, Level = LogLevel.Information, Message = "Delivered brief {BriefId} to {Platform} conversation {Channel} in {Messages} messages")]
    internal static partial void BriefSent(ILogger logger, long briefId, ChatPlatform platform, string channel, int messages);

    [LoggerMessage(EventId = DeliveryEvents.BriefDeferred, Level = LogLevel.Information, Message = "Deferred brief {BriefId} to {Platform} conversation {Channel} ({Reason}); next attempt at {NextAttemptAt:u}")]
    internal static partial void BriefDeferred(ILogger logger, long briefId, ChatPlatform platform, string channel, string reason, DateTime nextAttemptAt);

    [LoggerMessage(EventId = DeliveryEvents.BriefDeferredAfterError, Level = LogLevel.Warning, Message = "Deferred brief {BriefId} to {Platform} conversation {Channel} after an unexpected error; next attempt at {NextAttemptAt:u}")]
    internal static partial void BriefDeferredAfterError(ILogger logger, Exception exception, long briefId, ChatPlatform platform, string channel, DateTime nextAttemptAt);

    [LoggerMessage(EventId = DeliveryEvents.BriefRefused, Level = LogLevel.Error, Message = "{Platform} refused brief {BriefId} for conversation {Channel}; it is not sent there")]
    internal static partial void BriefRefused(ILogger logger, Exception exception, long briefId, ChatPlatform platform, string channel);

    [LoggerMessage(EventId = DeliveryEvents.BriefGaveUp, Level = LogLevel.Error,
        Message = "Gave up delivering brief {BriefId} to {Platform} conversation {Channel} after {Attempts} attempts: not sent by {GiveUpAt:u}")]
    internal static partial void BriefGaveUp(ILogger logger, Exception exception, long briefId, ChatPlatform platform, string channel, int attempts, DateTime giveUpAt);

    [LoggerMessage(EventId = DeliveryEvents.BriefFoundPosted, Level = LogLevel.Warning,
        Message = "Brief {BriefId} was posted to {Platform} conversation {Channel} ({Messages} messages) by a host that stopped before recording it; recorded, not posted again")]
    internal static partial void BriefFoundPosted(ILogger logger, long briefId, ChatPlatform platform, string channel, int messages);

    [LoggerMessage(EventId = DeliveryEvents.ConversationUnreachable, Level = LogLevel.Warning, Message = "{Platform} conversation {Channel} can no longer be posted to ({Reason}); its briefs stop")]
    internal static partial void ConversationUnreachable(ILogger logger, ChatPlatform platform, string channel, string reason);

    [LoggerMessage(EventId = DeliveryEvents.DeliveryNotReleased, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} could not be handed back ({Reason}); its claim runs out on its own")]
    internal static partial void DeliveryNotReleased(ILogger logger, long deliveryId, string reason);

    // SendNow
    [LoggerMessage(EventId = DeliveryEvents.SendNow, Level = LogLevel.Information, Message = "Send now: brief {BriefId} to {Platform} conversation {Channel}, asked by {RequestedBy}")]
    internal static partial void SendNow(ILogger logger, long briefId, ChatPlatform platform, string channel, string requestedBy);

    // TopicAlertPlanner, TopicAlertSender
    [LoggerMessage(EventId = DeliveryEvents.AlertsMatched, Level = LogLevel.Information, Message = "Recorded {Alerts} topic alerts over {Stories} new stories")]
    internal static partial void AlertsMatched(ILogger logger, int alerts, int stories);

    [LoggerMessage(EventId = DeliveryEvents.AlertsQueued, Level = LogLevel.Information, Message = "Queued {Alerts} alerts for user {UserId} as {Form}")]
    internal static partial void AlertsQueued(ILogger logger, int alerts, long userId, string form);
}
