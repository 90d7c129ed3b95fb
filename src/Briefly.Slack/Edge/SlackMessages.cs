using System.Text.Json;
using System.Text.Json.Nodes;
using Briefly.Core.Conversations;
using Briefly.Data.Entities;

namespace Briefly.Slack.Edge;

/// <summary>Slack's events, slash commands and button presses in the core's terms: who said what, where.</summary>
internal static class SlackMessages
{
    /// <summary>The Events API subscriptions, named as the app manifest's <c>bot_events</c> names them.</summary>
    private static class Events
    {
        public const string AppMention = "app_mention";
        public const string MessageIm = "message.im";
        public const string MemberJoinedChannel = "member_joined_channel";
        public const string MemberLeftChannel = "member_left_channel";
        public const string ChannelLeft = "channel_left";
        public const string GroupLeft = "group_left";
        public const string AppUninstalled = "app_uninstalled";
        public const string TokensRevoked = "tokens_revoked";
    }

    /// <summary>
    /// Every Events API subscription Briefly acts on. The predicates below see an event only through
    /// <see cref="SubscriptionOf"/>, which knows no other, so an event left out of this list is never handled; and a test
    /// holds manifests/slack/manifest.json to exactly this list, so Slack sends every event handled and no other.
    /// </summary>
    public static IReadOnlyList<string> HandledEvents { get; } =
    [
        Events.AppMention, Events.MessageIm, Events.MemberJoinedChannel, Events.MemberLeftChannel,
        Events.ChannelLeft, Events.GroupLeft, Events.AppUninstalled, Events.TokensRevoked,
    ];

    /// <summary>
    /// The subscription that delivered an event, if Briefly handles it. Message events are subscribed by the kind of
    /// conversation (https://docs.slack.dev/reference/events/message.im): <c>type</c> "message" with <c>channel_type</c>
    /// "im" comes from <c>message.im</c>, "channel" from <c>message.channels</c>, and so on.
    /// </summary>
    private static string? SubscriptionOf(JsonObject message)
    {
        var type = (string?)message["type"];
        var subscription = type != "message" ? type : (string?)message["channel_type"] switch
        {
            "im" => "message.im",
            "mpim" => "message.mpim",
            "channel" => "message.channels",
            "group" => "message.groups",
            _ => null,
        };
        return subscription is not null && HandledEvents.Contains(subscription) ? subscription : null;
    }

    /// <summary>
    /// The Events API callbacks Briefly answers: a mention in a channel, or a message in its DM. Edits, joins and
    /// anything a bot posted (its own replies included) carry a subtype or a bot_id and are left alone.
    /// </summary>
    public static bool IsForBriefly(JsonObject message) =>
        SubscriptionOf(message) is Events.AppMention or Events.MessageIm
        && message["subtype"] is null && message["bot_id"] is null
        && message["user"] is JsonValue && message["channel"] is JsonValue;

    /// <summary>
    /// Briefly itself was added to a channel (<c>member_joined_channel</c> naming the app's own bot user, which the
    /// envelope's <c>authorizations</c> carry): worth recording the channel and saying hello.
    /// </summary>
    public static bool BotJoined(JsonObject payload, JsonObject message) =>
        SubscriptionOf(message) == Events.MemberJoinedChannel && message["channel"] is JsonValue && IsBriefly(payload, (string?)message["user"]);

    /// <summary>
    /// The channel Briefly was removed from or left: <c>channel_left</c> / <c>group_left</c> (sent to the bot itself), or
    /// <c>member_left_channel</c> naming the app's own bot user. Null for anyone else leaving.
    /// </summary>
    public static string? ChannelLeft(JsonObject payload, JsonObject message) =>
        SubscriptionOf(message) switch
        {
            Events.ChannelLeft or Events.GroupLeft => (string?)message["channel"],
            Events.MemberLeftChannel when IsBriefly(payload, (string?)message["user"]) => (string?)message["channel"],
            _ => null,
        };

    /// <summary>
    /// The workspace whose installation ended: <c>app_uninstalled</c>, or <c>tokens_revoked</c> naming a bot token (without it
    /// Briefly cannot post there). Null otherwise; a revoked user token alone changes nothing, since Briefly posts as its bot.
    /// </summary>
    public static string? Uninstalled(JsonObject payload, JsonObject message) =>
        SubscriptionOf(message) switch
        {
            Events.AppUninstalled => (string?)payload["team_id"],
            Events.TokensRevoked when message["tokens"]?["bot"] is JsonArray { Count: > 0 } => (string?)payload["team_id"],
            _ => null,
        };

    private static bool IsBriefly(JsonObject payload, string? user) =>
        user is not null && payload["authorizations"] is JsonArray authorizations && authorizations.Any(a => (string?)a?["user_id"] == user);

    /// <summary>The welcome after joining, as if said by whoever invited the bot.</summary>
    public static JsonObject Welcome(JsonObject joined) => new()
    {
        ["type"] = Events.MemberJoinedChannel,
        ["channel"] = (string?)joined["channel"],
        ["user"] = (string?)joined["inviter"] ?? (string?)joined["user"],
        ["text"] = MessageParser.WelcomeWord,
    };

    public static IncomingMessage FromEvent(string? teamId, JsonObject message, string? eventId, string? timeZone)
    {
        var channel = (string)message["channel"]!;
        var kind = KindOf(channel, (string?)message["channel_type"]);
        return new IncomingMessage(ChatPlatform.Slack, Conversation(teamId, channel, kind, null),
            new UserRef((string)message["user"]!, TimeZone: timeZone), SlackText.Plain((string?)message["text"] ?? ""), eventId);
    }

    /// <summary>A slash command's form (<c>text</c>, <c>user_id</c>, <c>channel_id</c>, …); the trigger id makes each run one event.</summary>
    public static IncomingMessage FromCommand(IReadOnlyDictionary<string, string> form, string? timeZone)
    {
        var channel = form.GetValueOrDefault("channel_id") ?? throw new InvalidDataException("The slash command names no channel_id.");
        var user = form.GetValueOrDefault("user_id") ?? throw new InvalidDataException("The slash command names no user_id.");
        // Slack names the place for a command: "directmessage", "mpdm-…" for a group DM, else the channel's name.
        var name = form.GetValueOrDefault("channel_name");
        var kind = name == "directmessage" ? ConversationKind.Personal
            : name?.StartsWith("mpdm-", StringComparison.Ordinal) == true ? ConversationKind.Group
            : KindOf(channel, null);
        return new IncomingMessage(ChatPlatform.Slack, Conversation(form.GetValueOrDefault("team_id"), channel, kind, kind == ConversationKind.Personal ? null : name),
            new UserRef(user, form.GetValueOrDefault("user_name"), timeZone), SlackText.Plain(form.GetValueOrDefault("text") ?? ""), form.GetValueOrDefault("trigger_id"));
    }

    /// <summary>A pressed Briefly button: its value is the words a person would type ("subscribe Huawei chips").</summary>
    public static IncomingMessage? FromAction(JsonObject payload, string? timeZone)
    {
        if ((string?)payload["type"] != "block_actions" || payload["actions"]?.AsArray().FirstOrDefault() is not JsonObject action) return null;
        if ((string?)action["value"] is not { Length: > 0 } words) return null;
        var channel = (string?)payload["channel"]?["id"] ?? (string?)payload["container"]?["channel_id"];
        var user = (string?)payload["user"]?["id"];
        if (channel is null || user is null) return null;
        return new IncomingMessage(ChatPlatform.Slack, Conversation((string?)payload["team"]?["id"], channel, KindOf(channel, null), (string?)payload["channel"]?["name"]),
            new UserRef(user, (string?)payload["user"]?["name"], timeZone), words, (string?)payload["trigger_id"]);
    }

    /// <summary>Slack's ids say the kind of place: D… a DM, C… a channel; G… a private channel or a group DM.</summary>
    private static ConversationKind KindOf(string channel, string? channelType) => channelType switch
    {
        "im" => ConversationKind.Personal,
        "mpim" => ConversationKind.Group,
        "channel" or "group" => ConversationKind.Channel,
        _ => channel.StartsWith('D') ? ConversationKind.Personal : ConversationKind.Channel,
    };

    private static ConversationRef Conversation(string? teamId, string channel, ConversationKind kind, string? name) =>
        new(channel, kind, teamId, name, ReferenceJson: JsonSerializer.Serialize(new { team = teamId, channel }));
}
