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
    public async Task<Reply?> HandleAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        if (message.EventId is { } eventId && !await FirstDeliveryAsync(message.Platform, eventId, cancellationToken))
        {
            logger.LogInformation("Event {EventId} from {Platform} was already handled", eventId, message.Platform);
            return null;
        }

        var (user, conversation) = await participants.ResolveAsync(message, cancellationToken);
        var command = MessageParser.Parse(message.Text);
        // Answers, subscription counts and suggestions all read the index: bring in what any host stored since.
        await search.RefreshAsync(cancellationToken);
        logger.LogInformation("User {UserId} in conversation {ConversationId}: {Command}", user.Id, conversation.Id, command.GetType().Name);
        return command switch
        {
            Command.Help => new HelpReply(null, HelpText.Examples),
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

    private async Task<bool> FirstDeliveryAsync(ChatPlatform platform, string eventId, CancellationToken cancellationToken)
    {
        db.ProcessedEvents.Add(new ProcessedEvent { Platform = platform, EventId = eventId, ReceivedAt = time.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
