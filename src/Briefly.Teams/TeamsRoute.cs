using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace Briefly.Teams;

/// <summary>
/// How an answer reaches the person who asked: the conversation as the activity named it (in a channel, the thread the
/// question was in) and the activity it replies to. Stored with the question, so any host can send the answer later.
/// </summary>
internal sealed record TeamsRoute(ConversationReference Reference, string? ReplyToId)
{
    public static TeamsRoute ReplyTo(Activity activity)
    {
        var reference = activity.GetConversationReference();
        // The question's id is kept as ReplyToId; the reference itself names the conversation, as for a proactive message.
        var replyTo = reference.ActivityId;
        reference.ActivityId = null;
        return new TeamsRoute(reference, replyTo);
    }

    public string ToJson() => JsonConvert.SerializeObject(this);

    public static TeamsRoute? FromJson(string? json) => json is null ? null : JsonConvert.DeserializeObject<TeamsRoute>(json);
}
