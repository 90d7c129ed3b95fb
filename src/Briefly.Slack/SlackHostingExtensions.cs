using Briefly.Core.Conversations;
using Briefly.Core.Deliveries;
using Briefly.Core.Messaging;
using Briefly.Data;
using Briefly.Data.Entities;
using Briefly.Slack.Edge;
using Briefly.Slack.Install;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Briefly.Slack;

/// <summary>Wires the Slack app into the host: its Events API, slash command and interactivity endpoints, and the Web API client.</summary>
public static class SlackHostingExtensions
{
    public static IHostApplicationBuilder AddSlack(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>();
        // No retry here: a failed call is the outbox's to try again, at the time Slack's Retry-After names.
        services.AddHttpClient<SlackApiClient>(client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddHttpClient(nameof(SlackInstalls), client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<SlackBotTokens>();
        services.AddHttpClient(nameof(SlackSocketMode), client => client.Timeout = TimeSpan.FromSeconds(10));
        if (builder.Configuration[$"{SlackOptions.Section}:{nameof(SlackOptions.AppToken)}"] is { Length: > 0 })
            services.AddHostedService<SlackSocketMode>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<SlackEdge>();
        services.AddScoped<SlackInbound>();
        services.AddScoped<IConversationSender, SlackSender>();
        services.AddScoped<IChatDirectory, SlackDirectory>();
        return builder;
    }

    /// <summary>
    /// Maps <c>/slack/events</c>, <c>/slack/commands</c> and <c>/slack/interactivity</c> (the request URLs in manifests/slack),
    /// each behind <see cref="SlackSignatureFilter"/>: a handler sees only a body Slack signed, and only reads and accepts it.
    /// </summary>
    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder app)
    {
        var slack = app.MapGroup("/slack")
            .AddEndpointFilter<RouteGroupBuilder, SlackSignatureFilter>()
            .AddEndpointFilter(NotWhatSlackSendsIsBadRequestAsync);
        slack.MapPost("/events", EventsAsync);
        slack.MapPost("/commands", CommandsAsync);
        slack.MapPost("/interactivity", InteractivityAsync);
        // Reached by a person's browser, not by Slack: no signature, the OAuth state guards them.
        app.MapSlackInstall();
        return app;
    }

    private static async Task<IResult> EventsAsync(HttpContext context, SlackInbound inbound) =>
        await inbound.EventAsync(SlackPayloadReader.Events(SlackVerifiedBody.Of(context)), context.RequestAborted) is { } challenge
            ? Results.Json(new { challenge })
            // Any other event or request type is acknowledged and ignored, so Slack does not send it again.
            : Results.Ok();

    private static async Task<IResult> CommandsAsync(HttpContext context, SlackInbound inbound)
    {
        await inbound.CommandAsync(SlackPayloadReader.Command(SlackVerifiedBody.Of(context)), context.RequestAborted);
        return Results.Ok();
    }

    private static async Task<IResult> InteractivityAsync(HttpContext context, SlackInbound inbound)
    {
        await inbound.ActionAsync(SlackPayloadReader.Interaction(SlackVerifiedBody.Of(context)), context.RequestAborted);
        return Results.Ok();
    }

    /// <summary>
    /// A body that is signed but not what Slack sends (not JSON, a field of another type, a required field missing) is a
    /// 400 naming the field, never a 500. It is thrown before anything is stored, so nothing is.
    /// </summary>
    private static async ValueTask<object?> NotWhatSlackSendsIsBadRequestAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (SlackPayloadException e)
        {
            return Results.BadRequest(new { error = e.Message, field = e.Field });
        }
    }
}
