using Briefly.Core.Conversations;
using Briefly.Data.Entities;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Briefly.Teams;

/// <summary>Teams activities in the core's terms: who said what, where, and how to post there again later.</summary>
internal static class TeamsMessages
{
    public static IncomingMessage Incoming(Activity activity, string text)
    {
        var conversation = activity.Conversation;
        // In a channel the conversation id names the thread ("19:…@thread.tacv2;messageid=…"). Replies go to the thread
        // through the turn; the channel is what has a schedule, and a daily brief starts a thread of its own.
        var channelOrChat = ChannelOrChat(conversation.Id);
        var reference = activity.GetConversationReference();
        reference.ActivityId = null;
        reference.Conversation = new ConversationAccount(conversation.IsGroup, conversation.ConversationType, channelOrChat,
            conversation.Name, conversation.AadObjectId, conversation.Role, conversation.TenantId);

        var kind = conversation.ConversationType switch
        {
            "channel" => ConversationKind.Channel,
            "groupChat" => ConversationKind.Group,
            _ => ConversationKind.Personal,
        };
        var tenant = conversation.TenantId ?? activity.GetChannelData<TeamsChannelData>()?.Tenant?.Id;
        return new IncomingMessage(
            ChatPlatform.Teams,
            new ConversationRef(channelOrChat, kind, tenant, conversation.Name, activity.ServiceUrl, JsonConvert.SerializeObject(reference)),
            // The Entra object id stays the same across the person's chats and channels; the Teams id is per bot.
            new UserRef(activity.From?.AadObjectId ?? activity.From?.Id ?? throw new InvalidDataException("The activity names no sender (from.id)."),
                activity.From.Name, activity.LocalTimezone),
            text.Trim(),
            activity.Id);
    }

    /// <summary>A conversation id without the thread part: "19:…@thread.tacv2;messageid=…" → "19:…@thread.tacv2".</summary>
    public static string ChannelOrChat(string conversationId) => conversationId.Split(';')[0];

    /// <summary>The words a Briefly card button carries (<c>{"command": "subscribe Huawei"}</c>), or null for anything else.</summary>
    public static string? CommandOf(object? data) =>
        // The Bot Framework reads activities with Newtonsoft.Json, so a button's data arrives as a JObject.
        data is JObject json && json["command"] is JValue { Type: JTokenType.String } command && !string.IsNullOrWhiteSpace((string?)command)
            ? (string?)command
            : null;
}
