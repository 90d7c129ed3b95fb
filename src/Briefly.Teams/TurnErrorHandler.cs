using Microsoft.Bot.Builder;
using Microsoft.Extensions.Logging;

namespace Briefly.Teams;

/// <summary>
/// The adapter's last resort for an exception escaping a turn: the details go to the log, the user gets a
/// fixed apology, so nothing internal (exception text, service URLs, ids) reaches a chat.
/// </summary>
internal sealed class TurnErrorHandler(ILogger<TurnErrorHandler> logger)
{
    internal const string Apology = "Sorry, something went wrong while handling that. Please try again in a moment.";

    public async Task HandleAsync(ITurnContext turnContext, Exception exception)
    {
        var activity = turnContext.Activity;
        TeamsLog.TurnFailed(logger, exception, activity?.Type, activity?.Id, activity?.Conversation?.Id);

        try
        {
            await turnContext.SendActivityAsync(Apology).ConfigureAwait(false);
        }
        catch (Exception sendFailure)
        {
            // The connector itself may be what failed; the turn is lost either way, so only record it.
            TeamsLog.ApologyFailed(logger, sendFailure, activity?.Conversation?.Id);
        }
    }
}
