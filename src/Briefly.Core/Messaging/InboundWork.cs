using Briefly.Core.Conversations;
using Briefly.Core.Deliveries;
using Briefly.Core.Telemetry;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefly.Core.Messaging;

/// <summary>
/// Answers one accepted message: asks the platform what the answer needs (the person's time zone, a direct chat for
/// alerts), carries out the command and queues the reply, in one transaction with marking the message handled, so a
/// crash leaves either nothing done or the answer queued. Safe to run any number of times.
/// </summary>
public sealed class InboundWork(
    BrieflyDbContext db,
    ConversationHandler conversations,
    Participants participants,
    Outbox outbox,
    IEnumerable<IChatDirectory> directories,
    IOptions<MessagingOptions> options,
    TimeProvider time,
    ILogger<InboundWork> logger)
{
    public static readonly TimeSpan ClaimTime = TimeSpan.FromMinutes(2);

    /// <summary>Handlings of one message at once: the first, and one for each thing it creates that another may create first.</summary>
    private const int StoreRaces = 4;

    public async Task HandleAsync(long inboundId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + ClaimTime;
        var claimed = await db.InboundMessages
            .Where(m => m.Id == inboundId && m.Status == InboundStatus.Pending && (m.ClaimedUntil == null || m.ClaimedUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntil, until).SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
        if (claimed == 0) return;

        var row = await db.InboundMessages.AsNoTracking().SingleAsync(m => m.Id == inboundId, cancellationToken);
        // The trace of the platform's request that brought the message, continued here and on to the reply's send.
        using var activity = BrieflyTelemetry.StartQueued("briefly.chat.message", row.TraceParent)?.SetTag("briefly.platform", row.Platform.ToString());
        try
        {
            var message = ReplyJson.DeserializeMessage(row.MessageJson);
            var directory = directories.SingleOrDefault(d => d.Platform == row.Platform);
            message = await WithTimeZoneAsync(message, directory, cancellationToken);
            var directChat = await DirectChatAsync(message, row.RouteJson, directory, cancellationToken);

            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await AnswerAsync(row, message, directChat, directory, cancellationToken);
                    break;
                }
                catch (DbUpdateException) when (attempt < StoreRaces && !cancellationToken.IsCancellationRequested)
                {
                    // Another message from the same new person or place, handled at the same moment, stored them first
                    // and a unique index refused this one: nothing was kept, and handled again it finds them. A message
                    // creates at most a person, a conversation and a direct chat, so it can lose no more races than that.
                }
            }
            outbox.Poke();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            await RetryOrApologiseAsync(row, e);
        }
    }

    /// <summary>The command carried out and its reply queued in one transaction, with the message marked handled.</summary>
    private async Task AnswerAsync(InboundMessage row, IncomingMessage message, ConversationRef? directChat, IChatDirectory? directory,
        CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var answered = await conversations.AnswerAsync(message, directChat, cancellationToken);
            outbox.Add(answered.ConversationId, answered.Reply, OutboundKind.Reply, options.Value.ReplyGiveUpAfter, row.RouteJson, row.Id);
            if (answered.Home is { DirectChat.Id: > 0 } home && directory?.HomeRoute(message.User.ExternalId, home.DirectChat.ExternalId) is { } homeRoute)
                outbox.Add(home.DirectChat.Id, home.Reply, OutboundKind.Reply, options.Value.ReplyGiveUpAfter, homeRoute, row.Id);
            await db.SaveChangesAsync(cancellationToken);
            await MarkAsync(row.Id, InboundStatus.Handled, null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    /// <summary>Slack knows the person's time zone: asked once, until Briefly has one for them; the answer matters more than the zone.</summary>
    private async Task<IncomingMessage> WithTimeZoneAsync(IncomingMessage message, IChatDirectory? directory, CancellationToken cancellationToken)
    {
        if (directory is null || message.User.TimeZone is not null) return message;
        if (await db.Users.AnyAsync(u => u.Platform == message.Platform && u.ExternalId == message.User.ExternalId && u.TimeZone != null, cancellationToken))
            return message;
        try
        {
            return message with { User = message.User with { TimeZone = await directory.TimeZoneAsync(message, cancellationToken) } };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            MessagingLog.NoTimeZone(logger, message.Platform, message.User.ExternalId, e.Message);
            return message;
        }
    }

    /// <summary>
    /// Someone who follows a topic from a channel gets the alerts in their direct chat: opened now if they have none. A refusal
    /// is an answer (the reply tells them how); a platform that asks to wait makes the whole message wait.
    /// </summary>
    private async Task<ConversationRef?> DirectChatAsync(IncomingMessage message, string? routeJson, IChatDirectory? directory, CancellationToken cancellationToken)
    {
        if (directory is null || message.Conversation.Kind == ConversationKind.Personal || MessageParser.Parse(message.Text) is not Command.Subscribe) return null;
        var hasOne = await db.Users.AnyAsync(u => u.Platform == message.Platform && u.ExternalId == message.User.ExternalId
            && u.DirectConversation != null && u.DirectConversation.BlockedAt == null, cancellationToken);
        if (hasOne) return null;
        var chat = await directory.OpenDirectChatAsync(message, routeJson, cancellationToken);
        if (chat is null) MessagingLog.NoDirectChat(logger, message.Platform, message.User.ExternalId);
        return chat;
    }

    private async Task RetryOrApologiseAsync(InboundMessage row, Exception e)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var wait = Backoff.Next(row.Attempts, (e as DeliveryDeferredException)?.RetryAfter);
        if (now + wait - row.ReceivedAt <= options.Value.HandlingGiveUpAfter)
        {
            MessagingLog.HandlingRetrying(logger, e, row.Platform, row.EventId, now + wait);
            await db.InboundMessages.Where(m => m.Id == row.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.ClaimedUntil, (DateTime?)null).SetProperty(m => m.NextAttemptAt, now + wait)
                .SetProperty(m => m.LastError, Shorten(e.Message)), CancellationToken.None);
            return;
        }

        MessagingLog.HandlingGaveUp(logger, e, row.Platform, row.EventId, row.Attempts);
        try
        {
            // The apology goes the way the answer would have, through the outbox, so it too waits out a rate limit.
            var (_, conversation) = await participants.ResolveAsync(ReplyJson.DeserializeMessage(row.MessageJson), null, CancellationToken.None);
            outbox.Add(conversation.Id, new ApologyReply(), OutboundKind.Apology, options.Value.ReplyGiveUpAfter, row.RouteJson, row.Id);
            await db.SaveChangesAsync(CancellationToken.None);
            outbox.Poke();
        }
        catch (Exception apologyFailure)
        {
            // Briefly cannot even record the place to apologise in; the failure itself is in the log above.
            MessagingLog.ApologyNotQueued(logger, apologyFailure, row.Platform, row.EventId);
        }
        db.ChangeTracker.Clear();
        await MarkAsync(row.Id, InboundStatus.Failed, Shorten(e.Message), CancellationToken.None);
    }

    private Task<int> MarkAsync(long id, InboundStatus status, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.InboundMessages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, status).SetProperty(m => m.HandledAt, now)
            .SetProperty(m => m.ClaimedUntil, (DateTime?)null).SetProperty(m => m.LastError, error), cancellationToken);
    }

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000];
}
