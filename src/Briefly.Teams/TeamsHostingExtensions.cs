using System.IdentityModel.Tokens.Jwt;
using System.Text.Json;
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
public static class TeamsHostingExtensions
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
        services.AddSingleton<IValidateOptions<TeamsOptions>, UnauthenticatedAccessValidator>();
        services.AddHostedService<UnauthenticatedAccessNotice>();
        services.AddHttpClient();

        // The SDK reads its own key names (and optional endpoint overrides) from the section, not from TeamsOptions; the
        // app type in force is laid over it, since the SDK's own default (MultiTenant) is not Briefly's.
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ConfigurationBotFrameworkAuthentication(
            new ConfigurationBuilder()
                .AddConfiguration(sp.GetRequiredService<IConfiguration>().GetSection(TeamsOptions.SectionName))
                .AddInMemoryCollection(AppTypeInForce(sp.GetRequiredService<IOptions<TeamsOptions>>().Value))
                .Build(),
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
        services.AddScoped<TeamsCardUpdates>();
        services.AddSingleton<TeamsConnectors>();
        services.AddScoped<IConversationSender, TeamsSender>();
        services.AddScoped<IChatDirectory, TeamsDirectory>();

        return builder;
    }

    /// <summary>The app type the SDK must use; none for a local run with no registration, where it does not matter.</summary>
    private static Dictionary<string, string?> AppTypeInForce(TeamsOptions options) =>
        options.AuthenticationEnabled ? new() { [nameof(TeamsOptions.MicrosoftAppType)] = options.EffectiveAppType } : [];

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
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TeamsHostingExtensions));
        var teams = services.GetRequiredService<IOptions<TeamsOptions>>().Value;
        if (!teams.Enabled)
        {
            await Results.Json(new { error = "Teams is turned off on this host (Teams:Enabled=false)." }, statusCode: StatusCodes.Status403Forbidden)
                .ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        if (!teams.AuthenticationEnabled && !teams.AllowUnauthenticated && !ListenAddresses.IsLocalClient(context.Connection))
        {
            // The start-up check cannot see endpoints configured in code; this keeps such a host closed anyway.
            TeamsLog.RefusedRemoteClient(logger, context.Connection.RemoteIpAddress?.ToString());
            await Results.Json(new { error = "Teams authentication is off on this host (Teams:MicrosoftAppId); it accepts local requests only." },
                statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (await FindActivityProblemAsync(context.Request).ConfigureAwait(false) is { } problem)
        {
            TeamsLog.RejectedActivity(logger, problem);
            await Results.BadRequest(new { error = problem }).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var adapter = services.GetRequiredService<IBotFrameworkHttpAdapter>();
        var bot = services.GetRequiredService<BrieflyTeamsBot>();
        try
        {
            await adapter.ProcessAsync(context.Request, context.Response, bot, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (!context.Response.HasStarted && IsRejectedToken(exception, context.Request))
        {
            // The adapter answers 401 only for UnauthorizedAccessException; a token that cannot even be parsed,
            // or is unsigned, surfaces as an IdentityModel exception, which would otherwise become a 500.
            TeamsLog.RejectedToken(logger, exception.GetType().Name);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
    }

    /// <summary>
    /// What makes the body unusable before anything is authenticated or handled: not a JSON object, or no absolute
    /// http(s) <c>serviceUrl</c>. The SDK answers the first with an empty 400, but an activity without a serviceUrl
    /// gets 401 or a 500 from inside it, or, with authentication off, a turn run with nowhere to reply.
    /// </summary>
    private static async Task<string?> FindActivityProblemAsync(HttpRequest request)
    {
        // Buffered, so the adapter reads the same body again.
        request.EnableBuffering();
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, ActivityJson, request.HttpContext.RequestAborted).ConfigureAwait(false);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return NotAnActivity;

            // The SDK's deserializer matches property names ignoring case, so a differently cased twin must not slip by.
            var serviceUrls = document.RootElement.EnumerateObject()
                .Where(property => string.Equals(property.Name, ServiceUrlProperty, StringComparison.OrdinalIgnoreCase))
                .ToList();
            var valid = serviceUrls is [{ Value.ValueKind: JsonValueKind.String } only]
                && Uri.TryCreate(only.Value.GetString(), UriKind.Absolute, out var serviceUrl)
                && (serviceUrl.Scheme == Uri.UriSchemeHttps || serviceUrl.Scheme == Uri.UriSchemeHttp);
            return valid ? null : NoServiceUrl;
        }
        catch (JsonException)
        {
            return NotAnActivity;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    private const string ServiceUrlProperty = "serviceUrl";
    private const string NotAnActivity = "The body is not a JSON activity.";
    private const string NoServiceUrl = "The activity needs a serviceUrl: one absolute http or https URL.";

    private static readonly JsonDocumentOptions ActivityJson = new() { AllowDuplicateProperties = false };

    private static bool IsRejectedToken(Exception exception, HttpRequest request) => exception switch
    {
        SecurityTokenException or SecurityTokenArgumentException => true,
        // A token whose parts decode but are not a JWT's JSON (e.g. "a.b.c") surfaces from IdentityModel as a bare
        // ArgumentException. Genuine faults throw that type too, so it is the token's fault only when the token
        // itself fails to parse.
        ArgumentException => HasUnreadableBearerToken(request),
        _ => false,
    };

    private static bool HasUnreadableBearerToken(HttpRequest request)
    {
        const string scheme = "Bearer ";
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        try
        {
            // The parser the SDK uses first (to tell skill tokens from channel tokens).
            _ = new JwtSecurityToken(authorization[scheme.Length..].Trim());
            return false;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
