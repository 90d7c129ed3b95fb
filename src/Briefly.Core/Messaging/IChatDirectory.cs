using Briefly.Core.Conversations;
using Briefly.Data.Entities;

namespace Briefly.Core.Messaging;

/// <summary>What a platform can tell or open for a person, asked while their message is handled (never before it is acknowledged).</summary>
public interface IChatDirectory
{
    ChatPlatform Platform { get; }

    /// <summary>The person's IANA time zone as the platform knows it, or null when it does not say.</summary>
    Task<string?> TimeZoneAsync(IncomingMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Opens (or finds) the bot's one-to-one chat with the person, for their alerts: its reference, or null when the platform
    /// refuses for good (the person must start the chat themselves).
    /// </summary>
    /// <exception cref="Deliveries.DeliveryDeferredException">The platform asked to wait; the message is handled again later.</exception>
    Task<ConversationRef?> OpenDirectChatAsync(IncomingMessage message, string? routeJson, CancellationToken cancellationToken);

    /// <summary>
    /// Where the person's Home is published (Slack's Home tab), as a route for the sender; null where the platform has no
    /// such place.
    /// </summary>
    string? HomeRoute(string personExternalId, string directChatExternalId) => null;
}
