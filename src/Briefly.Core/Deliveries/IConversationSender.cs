using Briefly.Core.Conversations;
using Briefly.Data.Entities;

namespace Briefly.Core.Deliveries;

/// <summary>Posts a reply into a stored conversation: one implementation per platform.</summary>
public interface IConversationSender
{
    ChatPlatform Platform { get; }

    /// <summary>
    /// Renders the reply and posts its messages in order, starting after the first <paramref name="alreadySent"/>
    /// (a retry goes on where the last attempt stopped), calling <paramref name="sent"/> with each message's platform id.
    /// </summary>
    /// <param name="routeJson">
    /// Where an answer goes in the platform's terms (a thread, a Slack response_url), as the platform's edge stored it with
    /// the question; null posts to the conversation itself (a daily brief, an alert).
    /// </param>
    /// <exception cref="ConversationUnreachableException">The bot was removed or blocked there: nothing more should be sent.</exception>
    /// <exception cref="DeliveryDeferredException">The platform asked to wait (rate limit, outage).</exception>
    /// <exception cref="MessageRefusedException">The platform refused this message for good; sending it again would not help.</exception>
    /// <param name="sendKey">
    /// A key of this send, stable across its attempts (a brief's delivery), marked on each message where the platform allows
    /// it, so <see cref="FindPostedAsync"/> can find them; null for none.
    /// </param>
    /// <param name="posting">
    /// Called just before each message goes to the platform (after any wait for the platform's pace): from then until
    /// <paramref name="sent"/> a crash leaves it unknown whether the message was posted.
    /// </param>
    Task SendAsync(Conversation conversation, string? routeJson, Reply reply, int alreadySent, Func<string, Task> sent, CancellationToken cancellationToken,
        string? sendKey = null, Func<Task>? posting = null);

    /// <summary>
    /// The ids of the messages of the send <paramref name="sendKey"/> already in the conversation, in order, as far as they
    /// go without a gap: what a host that died between posting and recording left. Empty where the platform cannot be
    /// asked (Teams keeps no searchable marker), so a crash there may post the messages in flight again.
    /// </summary>
    Task<IReadOnlyList<string>> FindPostedAsync(Conversation conversation, string sendKey, DateTime since, CancellationToken cancellationToken);
}

/// <summary>The platform says the bot can no longer post in the conversation (removed, blocked, archived).</summary>
/// <param name="wholeWorkspace">The bot lost the whole workspace or tenant (uninstalled, token revoked), not just this place.</param>
public sealed class ConversationUnreachableException(string reason, Exception? inner = null, bool wholeWorkspace = false) : Exception(reason, inner)
{
    public bool WholeWorkspace { get; } = wholeWorkspace;
}

/// <summary>The platform asked to try later; <see cref="RetryAfter"/> is its wait, when it gave one.</summary>
public sealed class DeliveryDeferredException(string reason, TimeSpan? retryAfter, Exception? inner = null) : Exception(reason, inner)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>The platform refused the message itself (malformed, too large): a definitive answer, not a reason to retry.</summary>
public sealed class MessageRefusedException(string reason, Exception? inner = null) : Exception(reason, inner);
