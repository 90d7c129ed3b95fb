using Briefly.Core.Deliveries;
using Briefly.Core.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Briefly.Teams;

/// <summary>Wires the Teams bot into the host. These two methods are all the host needs from this project.</summary>
public static partial class TeamsHostingExtensions
{
    /// <summary>The route Azure Bot Service posts activities to (the bot registration's messaging endpoint).</summary>
    public const string MessagesRoute = "/api/messages";

    /// <summary>
    /// Registers the Bot Framework adapter, its authentication (from the "Teams" configuration section) and the bot,
    /// which hands every message to the core's <see cref="Core.Conversations.ConversationHandler"/> (AddBrieflyCore).
    /// </summary>
    public static IHostApplicationBuilder AddTeams(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<TeamsOptions>().BindConfiguration(TeamsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>();
        services.AddHttpClient();

        // The SDK reads its own key names (and optional endpoint overrides) from the section, not from TeamsOptions.
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ConfigurationBotFrameworkAuthentication(
            sp.GetRequiredService<IConfiguration>().GetSection(TeamsOptions.SectionName),
            httpClientFactory: sp.GetRequiredService<IHttpClientFactory>(),
            logger: sp.GetRequiredService<ILogger<ConfigurationBotFrameworkAuthentication>>()));

        services.AddSingleton<TurnErrorHandler>();
        // A factory, because CloudAdapter has several public constructors that DI cannot choose between.
        services.AddSingleton(sp => new CloudAdapter(
            sp.GetRequiredService<BotFrameworkAuthentication>(),
            sp.GetRequiredService<ILogger<CloudAdapter>>())
        {
            OnTurnError = sp.GetRequiredService<TurnErrorHandler>().HandleAsync,
        });
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<CloudAdapter>());
        services.AddScoped<BrieflyTeamsBot>();
        services.AddScoped<IConversationSender, TeamsSender>();
        services.AddScoped<IChatDirectory, TeamsDirectory>();

        return builder;
    }

    /// <summary>Maps <c>POST /api/messages</c>, where Teams (through Azure Bot Service) delivers activities.</summary>
    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost(MessagesRoute, ProcessActivityAsync);
        return app;
    }

    private static async Task ProcessActivityAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var adapter = services.GetRequiredService<IBotFrameworkHttpAdapter>();
        var bot = services.GetRequiredService<BrieflyTeamsBot>();
        try
        {
            await adapter.ProcessAsync(context.Request, context.Response, bot, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsRejectedToken(exception) && !context.Response.HasStarted)
        {
            // The adapter answers 401 only for UnauthorizedAccessException; a token that cannot even be parsed,
            // or is unsigned, surfaces as an IdentityModel exception, which would otherwise become a 500.
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TeamsHostingExtensions));
            LogRejectedToken(logger, exception.GetType().Name);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
    }

    private static bool IsRejectedToken(Exception exception) =>
        exception is SecurityTokenException or SecurityTokenArgumentException;

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Rejected a Teams request whose token failed validation ({Reason})")]
    private static partial void LogRejectedToken(ILogger logger, string reason);
}
