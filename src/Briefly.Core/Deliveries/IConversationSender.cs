using Briefly.Core.Conversations;
using Briefly.Data.Entities;

namespace Briefly.Core.Deliveries;

/// <summary>Posts a reply into a stored conversation without being asked (a daily brief): one implementation per platform.</summary>
public interface IConversationSender
{
    ChatPlatform Platform { get; }

    /// <summary>
    /// Renders the reply and posts its messages in order, starting after the first <paramref name="alreadySent"/>
    /// (a retry goes on where the last attempt stopped), calling <paramref name="sent"/> with each message's platform id.
    /// </summary>
    /// <exception cref="ConversationUnreachableException">The bot was removed or blocked there: nothing more should be sent.</exception>
    /// <exception cref="DeliveryDeferredException">The platform asked to wait (rate limit, outage).</exception>
    Task SendAsync(Conversation conversation, Reply reply, int alreadySent, Func<string, Task> sent, CancellationToken cancellationToken);
}

/// <summary>The platform says the bot can no longer post in the conversation (removed, blocked, archived).</summary>
public sealed class ConversationUnreachableException(string reason, Exception? inner = null) : Exception(reason, inner);

/// <summary>The platform asked to try later; <see cref="RetryAfter"/> is its wait, when it gave one.</summary>
public sealed class DeliveryDeferredException(string reason, TimeSpan? retryAfter, Exception? inner = null) : Exception(reason, inner)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
