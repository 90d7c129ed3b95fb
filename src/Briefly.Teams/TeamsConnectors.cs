using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Options;

namespace Briefly.Teams;

/// <summary>
/// One Bot Connector client per service URL, made once and kept, for the messages Briefly posts on its own (briefs,
/// alerts, replies put through the outbox).
/// </summary>
/// <remarks>
/// The adapter's proactive turn makes a new client, credentials and token client for every call, and each new client
/// builds its JSON serializer's contracts again by reflection: a fan-out of thousands of Teams cards spent more of the
/// host's processor on that than on anything else. A kept client is safe to share: its credentials cache and renew the
/// bot's token themselves.
/// </remarks>
internal sealed class TeamsConnectors(BotFrameworkAuthentication authentication, IOptions<TeamsOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<IConnectorClient>>> _clients = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The client for <paramref name="serviceUrl"/>; one that failed to be made is made again on the next call.</summary>
    public async Task<IConnectorClient> ForAsync(string serviceUrl, CancellationToken cancellationToken)
    {
        var made = _clients.GetOrAdd(serviceUrl, url => new Lazy<Task<IConnectorClient>>(() => MakeAsync(url)));
        try
        {
            return await made.Value.WaitAsync(cancellationToken);
        }
        catch when (made.Value.IsFaulted)
        {
            _clients.TryRemove(new KeyValuePair<string, Lazy<Task<IConnectorClient>>>(serviceUrl, made));
            throw;
        }
    }

    private Task<IConnectorClient> MakeAsync(string serviceUrl)
    {
        // The identity the adapter gives a turn it starts on its own: the bot's app id as audience and as app.
        var appId = options.Value.MicrosoftAppId ?? "";
        var bot = new ClaimsIdentity([new Claim(AuthenticationConstants.AudienceClaim, appId), new Claim(AuthenticationConstants.AppIdClaim, appId)]);
        return authentication.CreateConnectorFactory(bot).CreateAsync(serviceUrl, audience: null, CancellationToken.None);
    }

    public void Dispose()
    {
        foreach (var made in _clients.Values)
            if (made.IsValueCreated && made.Value.IsCompletedSuccessfully) made.Value.Result.Dispose();
    }
}
