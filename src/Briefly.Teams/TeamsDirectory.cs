using System.Net;
using Briefly.Core.Conversations;
using Briefly.Core.Deliveries;
using Briefly.Core.Messaging;
using Briefly.Data.Entities;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;

namespace Briefly.Teams;

/// <summary>
/// What Teams can open for a person while their message is handled: the bot's personal chat with them, for their alerts
/// (the bot may open one with anyone in a team it is installed in). Their time zone comes with each activity already.
/// </summary>
internal sealed class TeamsDirectory(CloudAdapter adapter, IOptions<TeamsOptions> options) : IChatDirectory
{
    public ChatPlatform Platform => ChatPlatform.Teams;

    public Task<string?> TimeZoneAsync(IncomingMessage message, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <remarks>https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages#create-the-conversation</remarks>
    public async Task<ConversationRef?> OpenDirectChatAsync(IncomingMessage message, string? routeJson, CancellationToken cancellationToken)
    {
        if (TeamsRoute.FromJson(routeJson)?.Reference is not { User.Id: { } userId, ServiceUrl: { } serviceUrl } asked) return null;
        var tenant = message.Conversation.TenantId ?? asked.Conversation?.TenantId;
        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Bot = asked.Bot,
            Members = [new ChannelAccount(userId)],
            TenantId = tenant,
            ChannelData = tenant is null ? null : new { tenant = new { id = tenant } },
        };
        ConversationReference? opened = null;
        try
        {
            await adapter.CreateConversationAsync(options.Value.MicrosoftAppId ?? "", asked.ChannelId ?? "msteams", serviceUrl, null, parameters,
                (turn, _) =>
                {
                    opened = turn.Activity.GetConversationReference();
                    return Task.CompletedTask;
                }, cancellationToken);
        }
        catch (ErrorResponseException e) when (e.Response?.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed
            || e.Response?.StatusCode >= HttpStatusCode.InternalServerError)
        {
            throw new DeliveryDeferredException($"Teams answered {(int)e.Response.StatusCode} to creating a chat.", TeamsSender.RetryAfter(e), e);
        }
        catch (ErrorResponseException)
        {
            // 403 and kin: the app is not installed for the person, or policy forbids it. The reply tells them what to do.
            return null;
        }
        if (opened?.Conversation?.Id is not { } chatId) return null;
        opened.ActivityId = null;
        return new ConversationRef(chatId, ConversationKind.Personal, tenant, ServiceUrl: serviceUrl, ReferenceJson: JsonConvert.SerializeObject(opened));
    }
}
