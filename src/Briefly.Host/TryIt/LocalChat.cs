using Briefly.Core.Conversations;
using Briefly.Core.Deliveries;
using Briefly.Core.Messaging;
using Briefly.Data.Entities;

namespace Briefly.Host.TryIt;

/// <summary>
/// The try-it page's side of the messaging rails: one person on this machine, one chat. What Briefly says there is
/// "sent" by being recorded in the outbox as sent; the page reads it from there and draws it as Teams and Slack would.
/// Alerts and digests reach the same chat.
/// </summary>
internal static class LocalChat
{
    public const string ConversationId = "try-it";
    public const string PersonId = "local-person";

    public static IncomingMessage Said(string text, string? timeZone) => new(
        ChatPlatform.Local,
        new ConversationRef(ConversationId, ConversationKind.Personal, TenantId: "local", Name: "Try it"),
        new UserRef(PersonId, "You", timeZone),
        text,
        EventId: Guid.NewGuid().ToString("N"));
}

/// <summary>Posts nothing anywhere: a reply to the local chat is done once it is in the outbox, where the page reads it.</summary>
internal sealed class LocalSender : IConversationSender
{
    public ChatPlatform Platform => ChatPlatform.Local;

    public async Task SendAsync(Conversation conversation, string? routeJson, Reply reply, int alreadySent, Func<string, Task> sent,
        CancellationToken cancellationToken, string? sendKey = null, Func<Task>? posting = null)
    {
        if (alreadySent == 0) await sent("page");
    }

    public Task<IReadOnlyList<string>> FindPostedAsync(Conversation conversation, string sendKey, DateTime since, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}

/// <summary>The local person's time zone is the browser's; their direct chat for alerts is the page itself.</summary>
internal sealed class LocalDirectory : IChatDirectory
{
    public ChatPlatform Platform => ChatPlatform.Local;

    public Task<string?> TimeZoneAsync(IncomingMessage message, CancellationToken cancellationToken) => Task.FromResult(message.User.TimeZone);

    public Task<ConversationRef?> OpenDirectChatAsync(IncomingMessage message, string? routeJson, CancellationToken cancellationToken) =>
        Task.FromResult<ConversationRef?>(message.Conversation);
}
