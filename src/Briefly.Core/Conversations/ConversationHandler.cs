using System.Data.Common;
using Briefly.Core.Search;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Briefly.Core.Conversations;

/// <summary>
/// Everything a person can say to Briefly, handled once for both platforms: a platform edge hands over an
/// <see cref="IncomingMessage"/> and renders the <see cref="Reply"/> it gets back.
/// </summary>
public sealed class ConversationHandler(
    BrieflyDbContext db,
    Participants participants,
    StoryIndexSync search,
    StoryAnswers answers,
    Subscriptions subscriptions,
    Settings settings,
    TimeProvider time,
    ILogger<ConversationHandler> logger)
{
    /// <summary>The reply, or null when this event was already handled (a platform retry gets no second answer).</summary>
    /// <remarks>
    /// The event is recorded before it is handled, so a retry arriving while the first delivery is still being
    /// answered gets nothing; if handling fails, the record is taken back, so the platform's retry is answered.
    /// </remarks>
    public async Task<Reply?> HandleAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        if (message.EventId is not { } eventId) return await AnswerAsync(message, cancellationToken);

        var recorded = await RecordFirstDeliveryAsync(message.Platform, eventId, cancellationToken);
        if (recorded is null)
        {
            logger.LogInformation("Event {EventId} from {Platform} was already handled", eventId, message.Platform);
            return null;
        }
        try
        {
            return await AnswerAsync(message, cancellationToken);
        }
        catch
        {
            await ForgetAsync(recorded);
            throw;
        }
    }

    private async Task<Reply> AnswerAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        var (user, conversation) = await participants.ResolveAsync(message, cancellationToken);
        var command = MessageParser.Parse(message.Text);
        // Answers, subscription counts and suggestions all read the index: bring in what any host stored since.
        await search.RefreshAsync(cancellationToken);
        logger.LogInformation("User {UserId} in conversation {ConversationId}: {Command}", user.Id, conversation.Id, command.GetType().Name);
        return command switch
        {
            Command.Help => new HelpReply(null, HelpText.Examples),
            Command.Welcome => Welcome.For(conversation),
            Command.WhoAmI => settings.WhoAmI(user, conversation),
            Command.Question question => await AskAsync(user, question.Text, offset: 0, cancellationToken),
            Command.More => user.LastQuestion is { } last
                ? await AskAsync(user, last, user.LastQuestionShown, cancellationToken)
                : new HelpReply("more", HelpText.Examples),
            Command.Subscribe subscribe => await subscriptions.SubscribeAsync(user, subscribe.Topic, cancellationToken),
            Command.Unsubscribe unsubscribe => await subscriptions.UnsubscribeAsync(user, unsubscribe.Topic, cancellationToken),
            Command.Topics => await subscriptions.TopicsAsync(user, cancellationToken),
            Command.Settings => settings.Show(user, conversation),
            Command.Invalid invalid => new InvalidInputReply(invalid.Parameter, invalid.Problem, invalid.Example),
            _ => await settings.ApplyAsync(user, conversation, command, cancellationToken),
        };
    }

    private async Task<Reply> AskAsync(User user, string question, int offset, CancellationToken cancellationToken)
    {
        var today = TimeZones.Today(time, user.TimeZone);
        var reply = await answers.AnswerAsync(question, offset, today, user.Subscriptions.Select(s => s.TopicKey).ToHashSet(), cancellationToken);
        var shown = reply switch
        {
            AnswerReply answer => answer.Offset + answer.Stories.Count,
            PeriodReply period => period.Offset + period.Stories.Count,
            _ => 0,
        };
        // Only an answer with stories can go on with "more".
        user.LastQuestion = shown == 0 ? null : question.Length <= 500 ? question : question[..500];
        user.LastQuestionShown = shown;
        await db.SaveChangesAsync(cancellationToken);
        return reply;
    }

    /// <summary>The stored record of the event, or null when another delivery of it got there first (unique index).</summary>
    private async Task<ProcessedEvent?> RecordFirstDeliveryAsync(ChatPlatform platform, string eventId, CancellationToken cancellationToken)
    {
        var record = new ProcessedEvent { Platform = platform, EventId = eventId, ReceivedAt = time.GetUtcNow().UtcDateTime };
        db.ProcessedEvents.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return record;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return null;
        }
    }

    private async Task ForgetAsync(ProcessedEvent recorded)
    {
        // Whatever the failed handling left half-done in this context must not be saved with it.
        db.ChangeTracker.Clear();
        try
        {
            // Not cancellable: a cancelled request must still give its event back for the retry.
            await db.ProcessedEvents.Where(e => e.Id == recorded.Id).ExecuteDeleteAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            logger.LogError(e, "Event {EventId} from {Platform} failed and could not be forgotten; a retry of it will get no answer", recorded.EventId, recorded.Platform);
        }
    }
}
