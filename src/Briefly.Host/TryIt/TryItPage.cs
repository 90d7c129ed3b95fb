using System.Net;
using System.Text.Json.Nodes;
using Briefly.Core.Deliveries;
using Briefly.Core.Messaging;
using Briefly.Data;
using Briefly.Data.Entities;
using Briefly.Host.Web;
using Briefly.Slack.BlockKit;
using Briefly.Teams.Cards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Briefly.Host.TryIt;

/// <summary>
/// A page at <c>/</c> where a person on this machine talks to Briefly as in a chat, with no Teams or Slack account: what
/// they type goes through the same inbox, conversation core and outbox as a platform's message, and each answer is drawn
/// twice, as Teams shows it (the official Adaptive Cards renderer) and as Slack does (its blocks), with working buttons.
/// </summary>
internal static class TryItPage
{
    public static WebApplicationBuilder AddTryIt(this WebApplicationBuilder builder, bool samples)
    {
        builder.Services.AddOptions<TryItOptions>().BindConfiguration(TryItOptions.SectionName);
        if (samples) builder.Services.PostConfigure<TryItOptions>(options => options.Enabled = true);
        // Always there, so alerts for the local person keep arriving when the page is off.
        builder.Services.AddScoped<IConversationSender, LocalSender>();
        builder.Services.AddScoped<IChatDirectory, LocalDirectory>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTryIt(this IEndpointRouteBuilder app)
    {
        var page = app.MapGroup("").AddEndpointFilter(OnAndAllowedAsync);
        page.MapGet("/", () => WebAssets.Asset("tryit/index.html"));
        page.MapGet("/try/tryit.js", () => WebAssets.Asset("tryit/tryit.js"));
        page.MapGet("/try/tryit.css", () => WebAssets.Asset("tryit/tryit.css"));
        page.MapPost("/try/messages", SayAsync);
        page.MapGet("/try/messages", AnswersAsync);
        return app;
    }

    /// <summary>What the person typed, or the words of a button they pressed, into the inbox as the local person's message.</summary>
    private static async Task<IResult> SayAsync(Said said, Inbox inbox, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(said.Text) || said.Text.Length > 4000)
            return Results.BadRequest(new { error = "text must be 1 to 4,000 characters", field = "text" });
        await inbox.AcceptAsync(LocalChat.Said(said.Text, said.TimeZone), routeJson: null, cancellationToken);
        return Results.Accepted();
    }

    /// <summary>Briefly's messages in the local chat after <paramref name="after"/>, each drawn for Teams and for Slack.</summary>
    private static async Task<IResult> AnswersAsync(long? after, BrieflyDbContext db, CancellationToken cancellationToken)
    {
        var from = after ?? 0;
        var rows = await db.OutboundMessages.AsNoTracking()
            .Where(m => m.Conversation.Platform == ChatPlatform.Local && m.Conversation.ExternalId == LocalChat.ConversationId
                && m.Status == DeliveryStatus.Sent && m.Id > from)
            .OrderBy(m => m.Id)
            .Take(50)
            .Select(m => new { m.Id, m.ReplyJson })
            .ToListAsync(cancellationToken);
        return Results.Ok(rows.Select(row =>
        {
            var reply = ReplyJson.Deserialize(row.ReplyJson);
            return new
            {
                id = row.Id,
                text = reply.FallbackText,
                teams = new JsonArray([.. AdaptiveCardRenderer.Render(reply)]),
                slack = new JsonArray([.. BlockKitRenderer.Render(reply)]),
            };
        }));
    }

    /// <summary>The page exists only when it is on, and answers only this machine unless <see cref="TryItOptions.AllowRemote"/>.</summary>
    private static async ValueTask<object?> OnAndAllowedAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<TryItOptions>>().Value;
        if (!options.Enabled) return Results.NotFound();
        var remote = context.HttpContext.Connection.RemoteIpAddress;
        if (!options.AllowRemote && remote is not null && !IPAddress.IsLoopback(remote))
            return Results.Json(new { error = "The try-it page answers only this machine (TryIt:AllowRemote)." }, statusCode: StatusCodes.Status403Forbidden);
        return await next(context);
    }

    private sealed record Said(string? Text, string? TimeZone);
}
