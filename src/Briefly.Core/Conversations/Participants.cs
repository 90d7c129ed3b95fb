using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Briefly.Core.Conversations;

/// <summary>Finds or creates the user and the conversation a message came from, keeping the platform's reference fresh.</summary>
public sealed class Participants(BrieflyDbContext db, TimeProvider time, IOptions<BrieflyOptions> options)
{
    /// <param name="directChat">The person's one-to-one chat with the bot, when the platform just opened one for them.</param>
    public async Task<(User User, Conversation Conversation)> ResolveAsync(IncomingMessage message, ConversationRef? directChat, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var conversation = await db.Conversations.SingleOrDefaultAsync(
            c => c.Platform == message.Platform && c.ExternalId == message.Conversation.ExternalId, cancellationToken);
        var isNew = conversation is null;
        if (conversation is null)
        {
            conversation = new Conversation
            {
                Platform = message.Platform, ExternalId = message.Conversation.ExternalId, ReferenceJson = message.Conversation.ReferenceJson,
                InstalledAt = now, BriefTime = null,
            };
            db.Conversations.Add(conversation);
        }
        conversation.Kind = message.Conversation.Kind;
        conversation.TenantId = message.Conversation.TenantId ?? conversation.TenantId;
        conversation.Name = message.Conversation.Name ?? conversation.Name;
        conversation.ServiceUrl = message.Conversation.ServiceUrl ?? conversation.ServiceUrl;
        if (message.Conversation.ReferenceJson != "{}") conversation.ReferenceJson = message.Conversation.ReferenceJson;
        // A message from a conversation proves the bot is welcome there again.
        conversation.BlockedAt = null;

        var user = await db.Users.Include(u => u.Subscriptions).SingleOrDefaultAsync(
            u => u.Platform == message.Platform && u.ExternalId == message.User.ExternalId, cancellationToken);
        if (user is null)
        {
            user = new User { Platform = message.Platform, ExternalId = message.User.ExternalId, CreatedAt = now };
            db.Users.Add(user);
        }
        user.DisplayName = message.User.DisplayName ?? user.DisplayName;
        if (!user.TimeZoneChosen && message.User.TimeZone is { } zone && TimeZones.TryFind(zone, out _)) user.TimeZone = zone;
        if (message.Conversation.Kind == ConversationKind.Personal) user.DirectConversation = conversation;
        else if (directChat is not null) user.DirectConversation = await DirectChatAsync(message.Platform, directChat, now, cancellationToken);
        if (isNew) StartDefaultSchedule(conversation, message.Conversation.TimeZone, user.TimeZone);

        await db.SaveChangesAsync(cancellationToken);
        return (user, conversation);
    }

    private async Task<Conversation> DirectChatAsync(ChatPlatform platform, ConversationRef chat, DateTime now, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Platform == platform && c.ExternalId == chat.ExternalId, cancellationToken);
        if (conversation is null)
        {
            conversation = new Conversation { Platform = platform, ExternalId = chat.ExternalId, ReferenceJson = chat.ReferenceJson, InstalledAt = now };
            db.Conversations.Add(conversation);
        }
        conversation.Kind = ConversationKind.Personal;
        conversation.TenantId = chat.TenantId ?? conversation.TenantId;
        conversation.ServiceUrl = chat.ServiceUrl ?? conversation.ServiceUrl;
        if (chat.ReferenceJson != "{}") conversation.ReferenceJson = chat.ReferenceJson;
        conversation.BlockedAt = null;
        return conversation;
    }

    /// <summary>
    /// A channel or group chat gets the configured daily brief from the start, so adding Briefly is enough to get it;
    /// a personal chat gets none (people there get their alerts instead). The schedule is read in the team's time zone
    /// when the platform gives one, else in the zone of the person who added the bot (or wrote first), else UTC.
    /// Only a conversation seen for the first time: a schedule someone set or turned off is never replaced.
    /// </summary>
    private void StartDefaultSchedule(Conversation conversation, string? teamZone, string? personZone)
    {
        if (conversation.Kind == ConversationKind.Personal || options.Value.DefaultSchedule is not { } schedule) return;
        conversation.BriefTime = schedule.Time;
        conversation.BriefDays = schedule.Days;
        conversation.Paused = false;
        conversation.TimeZone = new[] { teamZone, personZone }
            .Select(name => name is not null && TimeZones.TryFind(name, out var zone) ? zone.Id : null)
            .FirstOrDefault(id => id is not null) ?? "UTC";
    }
}

/// <summary>What a platform says about the bot leaving a place.</summary>
public sealed class Removals(BrieflyDbContext db, TimeProvider time)
{
    /// <summary>
    /// The bot was removed from (or uninstalled in) a conversation: nothing more is sent there until someone writes to it
    /// there again. Unknown conversations are ignored.
    /// </summary>
    public async Task RemovedAsync(ChatPlatform platform, string externalId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await db.Conversations.Where(c => c.Platform == platform && c.ExternalId == externalId && c.BlockedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.BlockedAt, now), cancellationToken);
    }

    /// <summary>
    /// The app was uninstalled from a whole workspace or tenant: every conversation there is marked, as if the bot had been
    /// removed from each. Someone who installs it again and writes to it opens them again one by one.
    /// </summary>
    public async Task UninstalledAsync(ChatPlatform platform, string tenantId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await db.Conversations.Where(c => c.Platform == platform && c.TenantId == tenantId && c.BlockedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.BlockedAt, now), cancellationToken);
    }
}
