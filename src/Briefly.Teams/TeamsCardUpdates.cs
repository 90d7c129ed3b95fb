using System.Text.Json.Nodes;
using Briefly.Core.Conversations;
using Briefly.Data.Entities;
using Briefly.Teams.Cards;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace Briefly.Teams;

/// <summary>
/// The card to answer an Action.Execute press with, where the press changes the card: a Follow button on an answer
/// becomes "Following …". Teams shows the card returned in the invoke response in place of the pressed one
/// (https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards).
/// </summary>
internal sealed class TeamsCardUpdates(CardRedraw redraw, ILogger<TeamsCardUpdates> logger)
{
    /// <returns>The updated card, or null when the press leaves the card as it is (or it cannot be drawn again).</returns>
    public async Task<JsonObject?> AfterPressAsync(IncomingMessage pressed, object? data, CancellationToken cancellationToken)
    {
        if (MessageParser.Parse(pressed.Text) is not Command.Subscribe subscribe || RedrawOf(data) is not { } words) return null;
        try
        {
            var reply = await redraw.AfterFollowAsync(ChatPlatform.Teams, pressed.User.ExternalId, words, subscribe.Topic, cancellationToken);
            if (reply is null) return null;
            var following = Offers.Follow(subscribe.Topic, following: true).Label;
            // A long answer is several cards; the pressed one is the one where that button now reads "Following".
            return AdaptiveCardRenderer.Render(reply).FirstOrDefault(card => HasFollowing(card, following));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The subscription is in the inbox already; only the card stays as it was.
            TeamsLog.CardRedrawFailed(logger, e);
            return null;
        }
    }

    private static string? RedrawOf(object? data) =>
        data is JObject json && json[AdaptiveCardRenderer.RedrawKey] is JValue { Type: JTokenType.String } value ? (string?)value : null;

    private static bool HasFollowing(JsonNode? node, string label) => node switch
    {
        JsonObject o => (string?)o["type"] == "Action.Execute" && (string?)o["title"] == label && o["isEnabled"]?.GetValue<bool>() == false
            || o.Any(p => HasFollowing(p.Value, label)),
        JsonArray a => a.Any(e => HasFollowing(e, label)),
        _ => false,
    };
}
