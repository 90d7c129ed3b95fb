using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace Briefly.Teams;

/// <summary>
/// Placeholder conversation handling: acknowledges each message until answers are routed to the core.
/// </summary>
internal sealed class BrieflyTeamsBot : ActivityHandler
{
    // Enough to recognise the message without echoing a whole pasted article back.
    internal const int MaxEchoedLength = 200;

    protected override Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        // In channels and group chats the text starts with "<at>BotName</at>"; that is addressing, not content.
        var text = turnContext.Activity.RemoveRecipientMention()?.Trim();
        var reply = MessageFactory.Text(Acknowledge(text));
        // The text is the user's own words; sent as plain so Teams does not reinterpret it as markdown.
        reply.TextFormat = TextFormatTypes.Plain;
        return turnContext.SendActivityAsync(reply, cancellationToken);
    }

    internal static string Acknowledge(string? text)
    {
        const string NotYet = "Briefly cannot answer questions here yet.";
        if (string.IsNullOrWhiteSpace(text))
        {
            return $"Received a message with no text. {NotYet}";
        }

        var shown = text.Length <= MaxEchoedLength ? text : string.Concat(text.AsSpan(0, MaxEchoedLength), "…");
        return $"Received \"{shown}\". {NotYet}";
    }
}
