using System.Text.Json.Nodes;
using Briefly.Core.Conversations;
using Briefly.Data;
using Briefly.Data.Entities;
using Briefly.Slack.BlockKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Briefly.Slack.Edge;

/// <summary>
/// Answers what reaches the Slack endpoints once they are verified: the message goes to the core, the reply comes
/// back as Block Kit, posted in the channel (a mention's thread) or, for slash commands and buttons, only to the person.
/// </summary>
public sealed partial class SlackEdge(
    ConversationHandler conversations, SlackApiClient slack, BrieflyDbContext db, TimeProvider time, ILogger<SlackEdge> logger)
{
    /// <summary>An Events API message (see <see cref="SlackMessages.IsForBriefly"/>).</summary>
    public async Task AnswerEventAsync(string? teamId, JsonObject message, string? eventId, CancellationToken cancellationToken)
    {
        var user = (string)message["user"]!;
        var incoming = SlackMessages.FromEvent(teamId, message, eventId, await TimeZoneAsync(user, cancellationToken));
        // Null: Slack delivered this event again after it was answered.
        if (await conversations.HandleAsync(incoming, cancellationToken) is not { } reply) return;
        await EnsureDirectChatAsync(incoming, reply, cancellationToken);
        // A mention is answered in its thread, so a conversation with Briefly does not fill the channel.
        var thread = (string?)message["thread_ts"] ?? ((string?)message["type"] == "app_mention" ? (string?)message["ts"] : null);
        foreach (var body in BlockKitRenderer.Render(reply))
            await slack.PostMessageAsync(incoming.Conversation.ExternalId, body, thread, cancellationToken);
    }

    /// <summary>A <c>/brief …</c> command: the answer is shown only to the person who typed it.</summary>
    public async Task AnswerCommandAsync(IReadOnlyDictionary<string, string> form, CancellationToken cancellationToken)
    {
        // Read before anything is handled, so a request that cannot be answered changes nothing.
        var responseUrl = ResponseUrl(form.GetValueOrDefault("response_url"));
        var incoming = SlackMessages.FromCommand(form, await TimeZoneAsync(form.GetValueOrDefault("user_id") ?? "", cancellationToken));
        if (await conversations.HandleAsync(incoming, cancellationToken) is not { } reply) return;
        await EnsureDirectChatAsync(incoming, reply, cancellationToken);
        // Every message goes through response_url, in order: a long brief is several messages.
        foreach (var body in BlockKitRenderer.Render(reply)) await slack.RespondAsync(responseUrl, Ephemeral(body), cancellationToken);
    }

    /// <summary>A pressed button: handled like the words it carries; in a DM the answer is a message, elsewhere only the person sees it.</summary>
    public async Task AnswerActionAsync(JsonObject payload, CancellationToken cancellationToken)
    {
        var user = (string?)payload["user"]?["id"] ?? "";
        if (SlackMessages.FromAction(payload, await TimeZoneAsync(user, cancellationToken)) is not { } incoming)
        {
            LogNotOurs(logger, (string?)payload["type"]);
            return;
        }
        var inDm = incoming.Conversation.Kind == ConversationKind.Personal;
        var responseUrl = inDm ? null : ResponseUrl((string?)payload["response_url"]);
        if (await conversations.HandleAsync(incoming, cancellationToken) is not { } reply) return;
        await EnsureDirectChatAsync(incoming, reply, cancellationToken);
        foreach (var body in BlockKitRenderer.Render(reply))
        {
            if (responseUrl is null)
                await slack.PostMessageAsync(incoming.Conversation.ExternalId, body, null, cancellationToken);
            else
                await slack.RespondAsync(responseUrl, Ephemeral(body), cancellationToken);
        }
    }

    /// <summary>
    /// Someone who follows a topic from a channel gets the alerts in a DM: open it now (Slack gives the bot one with
    /// any member of its workspace) and keep it as their direct chat, unless they have one already.
    /// </summary>
    private async Task EnsureDirectChatAsync(IncomingMessage incoming, Reply reply, CancellationToken cancellationToken)
    {
        if (reply is not SubscribedReply || incoming.Conversation.Kind == ConversationKind.Personal) return;
        var user = await db.Users.Include(u => u.DirectConversation)
            .SingleAsync(u => u.Platform == ChatPlatform.Slack && u.ExternalId == incoming.User.ExternalId, cancellationToken);
        if (user.DirectConversation is not null) return;
        string channel;
        try
        {
            channel = await slack.OpenDirectChatAsync(user.ExternalId, cancellationToken);
        }
        catch (Exception e) when (e is SlackApiException or HttpRequestException)
        {
            // The subscription stands; alerts wait until the person writes to Briefly directly.
            LogNoDirectChat(logger, e, user.ExternalId);
            return;
        }
        user.DirectConversation = await db.Conversations.SingleOrDefaultAsync(c => c.Platform == ChatPlatform.Slack && c.ExternalId == channel, cancellationToken)
            ?? new Conversation
            {
                Platform = ChatPlatform.Slack, ExternalId = channel, Kind = ConversationKind.Personal, TenantId = incoming.Conversation.TenantId,
                ReferenceJson = System.Text.Json.JsonSerializer.Serialize(new { team = incoming.Conversation.TenantId, channel }),
                InstalledAt = time.GetUtcNow().UtcDateTime,
            };
        await db.SaveChangesAsync(cancellationToken);
    }

    private static Uri ResponseUrl(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "https" or "http"
            ? url
            : throw new InvalidDataException("response_url is missing or not an http(s) URL.");

    private static JsonObject Ephemeral(JsonObject body)
    {
        var message = body.DeepClone().AsObject();
        message["response_type"] = "ephemeral";
        message["replace_original"] = false;
        return message;
    }

    /// <summary>Slack knows the person's time zone: ask once, until Briefly has one for them (theirs or Slack's).</summary>
    private async Task<string?> TimeZoneAsync(string userId, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(u => u.Platform == ChatPlatform.Slack && u.ExternalId == userId && u.TimeZone != null, cancellationToken))
            return null;
        try
        {
            return await slack.TimeZoneOfAsync(userId, cancellationToken);
        }
        catch (Exception e) when (e is SlackApiException or HttpRequestException)
        {
            // The answer matters more than the zone: go on without it, and ask again next time.
            LogNoTimeZone(logger, e, userId);
            return null;
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Could not read the time zone of Slack user {UserId}")]
    private static partial void LogNoTimeZone(ILogger logger, Exception exception, string userId);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "Could not open a direct chat with Slack user {UserId} for their alerts")]
    private static partial void LogNoDirectChat(ILogger logger, Exception exception, string userId);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Ignored a Slack interaction of type {Type} that is not a Briefly button")]
    private static partial void LogNotOurs(ILogger logger, string? type);
}
