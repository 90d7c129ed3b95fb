using Briefly.Data.Entities;

namespace Briefly.Core.Conversations;

/// <summary>
/// What a person said to the bot, as each platform edge hands it over after verifying and normalising it: a DM, an
/// @mention with the mention removed, or a Slack `/brief …` command's text.
/// </summary>
/// <param name="EventId">The platform's id for this delivery; a retry with the same id gets no second answer.</param>
/// <param name="FromHome">A button pressed on the person's Home (Slack's Home tab): a change is answered by their Home as it then is.</param>
public sealed record IncomingMessage(
    ChatPlatform Platform,
    ConversationRef Conversation,
    UserRef User,
    string Text,
    string? EventId = null,
    bool FromHome = false);

/// <param name="ExternalId">The Teams conversation id or the Slack channel id.</param>
/// <param name="ReferenceJson">What the platform needs to post there later (Teams ConversationReference, Slack team and channel).</param>
/// <param name="TimeZone">
/// The IANA time zone of the team or workspace, when the platform says: a new channel's default brief schedule is read
/// in it before the person's own zone.
/// </param>
public sealed record ConversationRef(string ExternalId, ConversationKind Kind, string? TenantId = null, string? Name = null,
    string? ServiceUrl = null, string ReferenceJson = "{}", string? TimeZone = null);

/// <param name="TimeZone">The IANA time zone the platform reports for the person, when it does (Slack users.info `tz`).</param>
public sealed record UserRef(string ExternalId, string? DisplayName = null, string? TimeZone = null);
