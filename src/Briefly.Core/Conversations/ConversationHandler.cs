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
    Home home,
    TimeProvider time,
    ILogger<ConversationHandler> logger)
{
    /// <summary>
    /// Answers a message: the person and the conversation are recorded (with <paramref name="directChat"/>, the one-to-one
    /// chat the platform opened for their alerts, when it opened one) and the command is carried out.
    /// </summary>
    /// <remarks>Platform retries never reach here twice: the <see cref="Messaging.Inbox"/> accepts each event once.</remarks>
    public async Task<Answered> AnswerAsync(IncomingMessage message, ConversationRef? directChat, CancellationToken cancellationToken)
    {
        var (user, conversation) = await participants.ResolveAsync(message, directChat, cancellationToken);
        var reply = await AnswerAsync(user, conversation, message.Text, cancellationToken);
        // A button on the person's Home that changed something is answered by their Home as it now is; one that asks
        // ("Open the brief", "Help") is answered in their chat with Briefly, as typed words would be.
        var changed = reply is SubscribedReply or UnsubscribedReply or SettingsReply { Changed: not null };
        if (message.FromHome && changed) reply = await home.ForAsync(user, conversation, cancellationToken);
        // A change made anywhere else shows on the person's Home too, where the platform has one (their direct chat says where).
        else if (changed && (user.DirectConversation ?? await db.Conversations.FindAsync([user.DirectConversationId], cancellationToken)) is { } direct)
            return new Answered(reply, conversation.Id, user.Id) { Home = new HomeUpdate(await home.ForAsync(user, direct, cancellationToken), direct) };
        // Alerts go to the person's direct chat: where there is none, the reply says how to get one rather than promise alerts.
        if (reply is SubscribedReply subscribed && user.DirectConversationId is null && user.DirectConversation is null)
            reply = subscribed with { NoDirectChat = true };
        return new Answered(reply, conversation.Id, user.Id);
    }

    private async Task<Reply> AnswerAsync(User user, Conversation conversation, string text, CancellationToken cancellationToken)
    {
        var command = MessageParser.Parse(text);
        // Answers, subscription counts and suggestions all read the index: bring in what any host stored since.
        await search.RefreshAsync(cancellationToken);
        ConversationLog.CommandReceived(logger, user.Id, conversation.Id, command.GetType().Name);
        return command switch
        {
            Command.Help => new HelpReply(null, HelpText.Examples),
            Command.Welcome => Welcome.For(conversation),
            Command.WhoAmI => settings.WhoAmI(user, conversation),
            Command.Home => await home.ForAsync(user, conversation, cancellationToken),
            Command.Question question => await AskAsync(user, question.Text, offset: 0, cancellationToken),
            // A button's More continues the card it is on, whoever presses it; typed "more" continues one's own last answer.
            Command.More { QuestionText: { } carried } more => await AskAsync(user, carried, more.Offset, cancellationToken),
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
        // Every page of an answer is computed from the same bounded question that its buttons carry, so they agree.
        question = Paging.BoundQuestion(question);
        var today = TimeZones.Today(time, user.TimeZone);
        var reply = await answers.AnswerAsync(question, offset, today, user.Subscriptions.Select(s => s.TopicKey).ToHashSet(), cancellationToken);
        var shown = reply switch
        {
            AnswerReply answer => answer.Offset + answer.Stories.Count,
            PeriodReply period => period.Offset + period.Stories.Count,
            NoMoreReply end => end.Total,
            _ => 0,
        };
        // Only an answer with stories can go on with "more".
        user.LastQuestion = shown == 0 ? null : question;
        user.LastQuestionShown = shown;
        await db.SaveChangesAsync(cancellationToken);
        return reply;
    }
}

/// <summary>A reply, with the conversation it answers in and the person it answers.</summary>
public sealed record Answered(Reply Reply, long ConversationId, long UserId)
{
    /// <summary>The person's Home as the reply's change left it, to publish where the platform shows one.</summary>
    public HomeUpdate? Home { get; init; }
}

/// <param name="DirectChat">The person's direct chat with Briefly, which the platform's Home belongs to.</param>
public sealed record HomeUpdate(HomeReply Reply, Conversation DirectChat);
