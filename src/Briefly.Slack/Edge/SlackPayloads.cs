using System.Text.Json;
using System.Text.Json.Serialization;

namespace Briefly.Slack.Edge;

/// <summary>
/// An Events API request body (https://docs.slack.dev/apis/events-api/#callback-field): <c>url_verification</c> with its
/// challenge, <c>event_callback</c> with the event, or another type (<c>app_rate_limited</c>), acknowledged and ignored.
/// </summary>
/// <param name="Authorizations">The installations the event is for; their <c>user_id</c> is the app's own bot user.</param>
internal sealed record SlackEventRequest(
    string? Type, string? Challenge, string? TeamId, string? EventId, SlackEvent? Event, IReadOnlyList<SlackAuthorization>? Authorizations);

internal sealed record SlackAuthorization(string? UserId);

/// <summary>
/// An event, read by its <c>type</c>. An event of a type Briefly does not act on stays this base record: its fields are not
/// read, so whatever shape they have (<c>channel_created</c> sends <c>channel</c> as an object) is no error.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", IgnoreUnrecognizedTypeDiscriminators = true)]
[JsonDerivedType(typeof(SlackMessageEvent), "message")]
[JsonDerivedType(typeof(SlackAppMentionEvent), "app_mention")]
[JsonDerivedType(typeof(SlackMemberJoinedChannelEvent), "member_joined_channel")]
[JsonDerivedType(typeof(SlackMemberLeftChannelEvent), "member_left_channel")]
[JsonDerivedType(typeof(SlackChannelLeftEvent), "channel_left")]
[JsonDerivedType(typeof(SlackGroupLeftEvent), "group_left")]
[JsonDerivedType(typeof(SlackAppUninstalledEvent), "app_uninstalled")]
[JsonDerivedType(typeof(SlackTokensRevokedEvent), "tokens_revoked")]
[JsonDerivedType(typeof(SlackAppHomeOpenedEvent), "app_home_opened")]
internal record SlackEvent;

/// <summary>Something posted (https://docs.slack.dev/reference/events/message); a subtype or a bot_id says it was not a person writing.</summary>
internal abstract record SlackPostEvent : SlackEvent
{
    public string? Subtype { get; init; }

    public string? Channel { get; init; }

    /// <summary>"im", "mpim", "channel" or "group"; <c>message</c> events carry it, <c>app_mention</c> does not.</summary>
    public string? ChannelType { get; init; }

    public string? User { get; init; }

    public string? Text { get; init; }

    public string? Ts { get; init; }

    public string? ThreadTs { get; init; }

    public string? BotId { get; init; }
}

internal sealed record SlackMessageEvent : SlackPostEvent;

internal sealed record SlackAppMentionEvent : SlackPostEvent;

/// <summary>Someone joined or left a channel (https://docs.slack.dev/reference/events/member_joined_channel).</summary>
internal abstract record SlackMembershipEvent : SlackEvent
{
    public string? User { get; init; }

    public string? Channel { get; init; }

    /// <summary>Who added the member, when someone did; only joins carry it.</summary>
    public string? Inviter { get; init; }
}

internal sealed record SlackMemberJoinedChannelEvent : SlackMembershipEvent;

internal sealed record SlackMemberLeftChannelEvent : SlackMembershipEvent;

/// <summary>The bot itself left a channel or was removed (https://docs.slack.dev/reference/events/channel_left).</summary>
internal abstract record SlackLeftEvent : SlackEvent
{
    public string? Channel { get; init; }
}

internal sealed record SlackChannelLeftEvent : SlackLeftEvent;

internal sealed record SlackGroupLeftEvent : SlackLeftEvent;

internal sealed record SlackAppUninstalledEvent : SlackEvent;

/// <summary>
/// A person opened the app in Slack (https://docs.slack.dev/reference/events/app_home_opened): <c>tab</c> "home" for the
/// Home tab, "messages" for the DM; <c>channel</c> is their DM with the bot.
/// </summary>
internal sealed record SlackAppHomeOpenedEvent(string? User, string? Channel, string? Tab) : SlackEvent;

/// <summary>Tokens revoked in the workspace (https://docs.slack.dev/reference/events/tokens_revoked).</summary>
internal sealed record SlackTokensRevokedEvent(SlackTokens? Tokens) : SlackEvent;

/// <summary>The users whose tokens were revoked: <c>oauth</c> for user tokens, <c>bot</c> for bot tokens.</summary>
internal sealed record SlackTokens(IReadOnlyList<string>? Bot);

/// <summary>
/// A slash command's form fields (https://docs.slack.dev/interactivity/implementing-slash-commands);
/// Slack always names the person and the place.
/// </summary>
internal sealed record SlackCommand(
    string? TeamId, string ChannelId, string? ChannelName, string UserId, string? UserName, string Text, string? TriggerId, string? ResponseUrl);

/// <summary>
/// An interactivity payload, the JSON in the form's <c>payload</c> field
/// (https://docs.slack.dev/reference/interaction-payloads/block_actions-payload). Other interactions (a shortcut, a modal
/// submitted) share these fields' shapes and are read the same way, then left alone.
/// </summary>
internal sealed record SlackInteraction(
    string? Type, SlackNamed? Team, SlackNamed? User, SlackNamed? Channel, SlackContainer? Container,
    IReadOnlyList<SlackAction>? Actions, string? TriggerId, string? ResponseUrl, SlackView? View = null);

/// <summary>The view a button was pressed in: for the Home tab, <c>type</c> "home" and the metadata Briefly published with it.</summary>
internal sealed record SlackView(string? Type, string? PrivateMetadata);

/// <summary>A team, user or channel as an interaction names it.</summary>
internal sealed record SlackNamed(string? Id, string? Name);

/// <summary>Where the pressed element is; a message's channel when the payload has no <c>channel</c>.</summary>
internal sealed record SlackContainer(string? ChannelId);

/// <summary>A pressed element; a button's value is what Briefly put there.</summary>
internal sealed record SlackAction(string? Value);

/// <summary>
/// Slack's field names are snake_case. The event's <c>type</c> need not come first (Slack promises no order), so it is
/// looked for anywhere in the object.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(SlackEventRequest))]
[JsonSerializable(typeof(SlackInteraction))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
[JsonSerializable(typeof(SlackEnvelope))]
internal sealed partial class SlackPayloadJson : JsonSerializerContext;

/// <summary>
/// What Socket Mode sends over its WebSocket (https://docs.slack.dev/apis/events-api/using-socket-mode): <c>hello</c>,
/// <c>disconnect</c>, or an envelope of <c>events_api</c>, <c>slash_commands</c> or <c>interactive</c> whose
/// <c>payload</c> is what the HTTP endpoint would have been sent, to acknowledge by its <c>envelope_id</c>.
/// </summary>
internal sealed record SlackEnvelope(string? Type, string? EnvelopeId, JsonElement? Payload, string? Reason);
