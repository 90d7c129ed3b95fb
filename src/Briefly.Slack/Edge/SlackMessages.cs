using System.Text.Json;
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
        public const string AppHomeOpened = "app_home_opened";
    }

    /// <summary>
    /// Every Events API subscription Briefly acts on. The predicates below see an event only through
    /// <see cref="SubscriptionOf"/>, which knows no other, so an event left out of this list is never handled; and a test
    /// holds manifests/slack/manifest.json to exactly this list, so Slack sends every event handled and no other.
    /// </summary>
    public static IReadOnlyList<string> HandledEvents { get; } =
    [
        Events.AppMention, Events.MessageIm, Events.MemberJoinedChannel, Events.MemberLeftChannel,
        Events.ChannelLeft, Events.GroupLeft, Events.AppUninstalled, Events.TokensRevoked, Events.AppHomeOpened,
    ];

    /// <summary>
    /// The subscription that delivered an event, if Briefly handles it. Message events are subscribed by the kind of
    /// conversation (https://docs.slack.dev/reference/events/message.im): <c>type</c> "message" with <c>channel_type</c>
    /// "im" comes from <c>message.im</c>, "channel" from <c>message.channels</c>, and so on.
    /// </summary>
    private static string? SubscriptionOf(SlackEvent? e)
    {
        var subscription = e switch
        {
            SlackAppMentionEvent => Events.AppMention,
            SlackMessageEvent message => message.ChannelType switch
            {
                "im" => "message.im",
                "mpim" => "message.mpim",
                "channel" => "message.channels",
                "group" => "message.groups",
                _ => null,
            },
            SlackMemberJoinedChannelEvent => Events.MemberJoinedChannel,
            SlackMemberLeftChannelEvent => Events.MemberLeftChannel,
            SlackChannelLeftEvent => Events.ChannelLeft,
            SlackGroupLeftEvent => Events.GroupLeft,
            SlackAppUninstalledEvent => Events.AppUninstalled,
            SlackTokensRevokedEvent => Events.TokensRevoked,
            SlackAppHomeOpenedEvent => Events.AppHomeOpened,
            _ => null,
        };
        return subscription is not null && HandledEvents.Contains(subscription) ? subscription : null;
    }

    /// <summary>
    /// The Events API callbacks Briefly answers: a mention in a channel, or a message in its DM. Edits, joins and
    /// anything a bot posted (its own replies included) carry a subtype or a bot_id and are left alone.
    /// </summary>
    public static bool IsForBriefly(SlackPostEvent message) =>
        SubscriptionOf(message) is Events.AppMention or Events.MessageIm
        && message is { Subtype: null, BotId: null, User: not null, Channel: not null };

    /// <summary>
    /// Briefly itself was added to a channel (<c>member_joined_channel</c> naming the app's own bot user, which the
    /// envelope's <c>authorizations</c> carry): worth recording the channel and saying hello.
    /// </summary>
    public static bool BotJoined(SlackEventRequest request, SlackMembershipEvent joined) =>
        SubscriptionOf(joined) == Events.MemberJoinedChannel && joined.Channel is not null && IsBriefly(request, joined.User);

    /// <summary>
    /// The channel Briefly was removed from or left: <c>channel_left</c> / <c>group_left</c> (sent to the bot itself), or
    /// <c>member_left_channel</c> naming the app's own bot user. Null for anyone else leaving.
    /// </summary>
    public static string? ChannelLeft(SlackEventRequest request) =>
        (SubscriptionOf(request.Event), request.Event) switch
        {
            (Events.ChannelLeft or Events.GroupLeft, SlackLeftEvent left) => left.Channel,
            (Events.MemberLeftChannel, SlackMembershipEvent member) when IsBriefly(request, member.User) => member.Channel,
            _ => null,
        };

    /// <summary>
    /// The workspace whose installation ended: <c>app_uninstalled</c>, or <c>tokens_revoked</c> naming a bot token (without it
    /// Briefly cannot post there). Null otherwise; a revoked user token alone changes nothing, since Briefly posts as its bot.
    /// </summary>
    public static string? Uninstalled(SlackEventRequest request) =>
        (SubscriptionOf(request.Event), request.Event) switch
        {
            (Events.AppUninstalled, _) => request.TeamId,
            (Events.TokensRevoked, SlackTokensRevokedEvent { Tokens.Bot.Count: > 0 }) => request.TeamId,
            _ => null,
        };

    private static bool IsBriefly(SlackEventRequest request, string? user) =>
        user is not null && request.Authorizations?.Any(a => a.UserId == user) == true;

    /// <summary>The welcome after joining, as if said by whoever invited the bot.</summary>
    public static SlackPostEvent Welcome(SlackMembershipEvent joined) =>
        new SlackMessageEvent { Channel = joined.Channel, User = joined.Inviter ?? joined.User, Text = MessageParser.WelcomeWord };

    /// <summary>A message <see cref="IsForBriefly"/> said is for Briefly, or a <see cref="Welcome"/>: both name a channel and a user.</summary>
    public static IncomingMessage FromEvent(string? teamId, SlackPostEvent message, string? eventId, string? timeZone)
    {
        var channel = message.Channel ?? throw new ArgumentException("The message names no channel.", nameof(message));
        var user = message.User ?? throw new ArgumentException("The message names no user.", nameof(message));
        return new IncomingMessage(ChatPlatform.Slack, Conversation(teamId, channel, KindOf(channel, message.ChannelType), null),
            new UserRef(user, TimeZone: timeZone), SlackText.Plain(message.Text ?? ""), eventId);
    }

    /// <summary>
    /// The person opened Briefly's Home tab: asked, in their DM with the bot, for their <see cref="HomeReply"/>. Null for the
    /// Messages tab, or an event that does not name both.
    /// </summary>
    public static IncomingMessage? HomeOpened(SlackEventRequest request) =>
        request.Event is SlackAppHomeOpenedEvent { Tab: "home", User: { } user, Channel: { } channel } opened
        && SubscriptionOf(opened) == Events.AppHomeOpened
            ? new IncomingMessage(ChatPlatform.Slack, Conversation(request.TeamId, channel, ConversationKind.Personal, null),
                new UserRef(user), MessageParser.HomeWord, request.EventId)
            : null;

    /// <summary>A slash command; the trigger id makes each run one event.</summary>
    public static IncomingMessage FromCommand(SlackCommand command, string? timeZone)
    {
        // Slack names the place for a command: "directmessage", "mpdm-…" for a group DM, else the channel's name.
        var name = command.ChannelName;
        var kind = name == "directmessage" ? ConversationKind.Personal
            : name?.StartsWith("mpdm-", StringComparison.Ordinal) == true ? ConversationKind.Group
            : KindOf(command.ChannelId, null);
        return new IncomingMessage(ChatPlatform.Slack, Conversation(command.TeamId, command.ChannelId, kind, kind == ConversationKind.Personal ? null : name),
            new UserRef(command.UserId, command.UserName, timeZone), SlackText.Plain(command.Text), command.TriggerId);
    }

    /// <summary>
    /// A pressed Briefly button: its value is the words a person would type ("subscribe Huawei chips"). On the Home tab,
    /// whose payload names no channel, the person's DM is the one Briefly published the view with.
    /// </summary>
    public static IncomingMessage? FromAction(SlackInteraction interaction, string? timeZone)
    {
        if (interaction is not { Type: "block_actions", Actions: [{ Value: { Length: > 0 } words }, ..] }) return null;
        if (interaction.View is { Type: "home" } home)
            return home.PrivateMetadata is { Length: > 0 } dm && interaction.User?.Id is { } person
                ? new IncomingMessage(ChatPlatform.Slack, Conversation(interaction.Team?.Id, dm, ConversationKind.Personal, null),
                    new UserRef(person, interaction.User.Name, timeZone), words, interaction.TriggerId, FromHome: true)
                : null;
        var channel = interaction.Channel?.Id ?? interaction.Container?.ChannelId;
        if (channel is null || interaction.User?.Id is not { } user) return null;
        return new IncomingMessage(ChatPlatform.Slack, Conversation(interaction.Team?.Id, channel, KindOf(channel, null), interaction.Channel?.Name),
            new UserRef(user, interaction.User.Name, timeZone), words, interaction.TriggerId);
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
