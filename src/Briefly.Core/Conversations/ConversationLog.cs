using Microsoft.Extensions.Logging;

namespace Briefly.Core.Conversations;

/// <summary>The event ids of answering people: 1300–1399.</summary>
public static class ConversationEvents
{
    /// <summary>A person's message was read as a command and is carried out.</summary>
    public const int CommandReceived = 1300;
}

internal static partial class ConversationLog
{
    // ConversationHandler
    [LoggerMessage(EventId = ConversationEvents.CommandReceived, Level = LogLevel.Information,
        Message = "User {UserId} in conversation {ConversationId}: {Command}")]
    internal static partial void CommandReceived(ILogger logger, long userId, long conversationId, string command);
}
