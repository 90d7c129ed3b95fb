using System.Text.Json.Nodes;
using Briefly.Core.Conversations;
using Briefly.Core.Messaging;
using Briefly.Teams.Cards;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace Briefly.Teams;

/// <summary>
/// Teams' side of a conversation: each activity becomes an <see cref="IncomingMessage"/> in the core's inbox, with the
/// reference to answer it by; the answer follows as Adaptive Cards through the outbox, which waits out Teams' rate limits.
/// Typed messages, channel mentions, card buttons (Action.Execute, or Action.Submit on clients older than card 1.4) and
/// the bot's installation all reach the core the same way.
/// </summary>
internal sealed class BrieflyTeamsBot(Inbox inbox, Removals removals, TeamsCardUpdates cardUpdates, ILogger<BrieflyTeamsBot> logger)
    : ActivityHandler
{
    internal const string CardContentType = "application/vnd.microsoft.card.adaptive";

    protected override Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        // A pressed Action.Submit button arrives as a message with the button's data and no text.
        var text = TeamsMessages.CommandOf(turnContext.Activity.Value) ?? turnContext.Activity.RemoveRecipientMention() ?? "";
        return AnswerAsync(turnContext, text, cancellationToken);
    }

    protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(
        ITurnContext<IInvokeActivity> turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        if (TeamsMessages.CommandOf(invokeValue.Action?.Data) is not { } command)
        {
            return new AdaptiveCardInvokeResponse
            {
                StatusCode = 400,
                Type = "application/vnd.microsoft.error",
                Value = new Error("BadRequest", "This button is not one of Briefly's: its data has no \"command\"."),
            };
        }
        var pressed = await AnswerAsync(turnContext, command, cancellationToken);
        // A press that changes its card (Follow → "Following") is answered with the card as it now is; the answer itself
        // is a message of its own either way.
        if (await cardUpdates.AfterPressAsync(pressed, invokeValue.Action?.Data, cancellationToken) is { } card)
            return new AdaptiveCardInvokeResponse { StatusCode = 200, Type = CardContentType, Value = JObject.Parse(card.ToJsonString()) };
        return new AdaptiveCardInvokeResponse { StatusCode = 200, Type = "application/vnd.microsoft.activity.message", Value = "On it." };
    }

    protected override Task OnConversationUpdateActivityAsync(ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        // Added to a personal chat, group chat or team: record where it is and say what it can do. (The base class
        // only reports members other than the bot; the installationUpdate Teams also sends is left alone, so one welcome.)
        var activity = turnContext.Activity;
        if (activity.MembersRemoved?.Any(m => m.Id == activity.Recipient?.Id) == true) return RemovedAsync(turnContext, cancellationToken);
        return activity.MembersAdded?.Any(m => m.Id == activity.Recipient?.Id) == true
            ? AnswerAsync(turnContext, MessageParser.WelcomeWord, cancellationToken)
            : Task.CompletedTask;
    }

    protected override Task OnInstallationUpdateRemoveAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        RemovedAsync(turnContext, cancellationToken);

    /// <summary>Removed from a team or chat, or uninstalled: its briefs and alerts stop there.</summary>
    private Task RemovedAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        removals.RemovedAsync(Data.Entities.ChatPlatform.Teams, TeamsMessages.ChannelOrChat(turnContext.Activity.Conversation.Id), cancellationToken);

    private async Task<IncomingMessage> AnswerAsync(ITurnContext turnContext, string text, CancellationToken cancellationToken)
    {
        var activity = (Activity)turnContext.Activity;
        var message = TeamsMessages.Incoming(activity, text);
        if (!await inbox.AcceptAsync(message, TeamsRoute.ReplyTo(activity).ToJson(), cancellationToken))
            TeamsLog.ActivityAlreadyAccepted(logger, activity.Id);
        return message;
    }

    internal static IMessageActivity CardMessage(JsonObject card) =>
        // The Bot Framework serialises activities with Newtonsoft.Json, so the card goes in as its token tree.
        MessageFactory.Attachment(new Attachment { ContentType = CardContentType, Content = JObject.Parse(card.ToJsonString()) });
}
