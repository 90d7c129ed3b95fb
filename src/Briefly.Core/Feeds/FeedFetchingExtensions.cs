using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Briefly.Core.Feeds;

public static class FeedFetchingExtensions
{
    /// <summary>
    /// Registers <see cref="FeedFetcher"/> as a typed HttpClient, its options (section "FeedFetching"), the
    /// <see cref="FeedAddressPolicy"/> they make and, unless one is already registered, <see cref="TimeProvider.System"/>.
    /// </summary>
    /// <remarks>
    /// Every connection the client opens goes through the policy, on the addresses the host name resolves to then.
    /// The resilience handler retries once, only where a second try right away can help: a failed connection, 502 or 504.
    /// It never retries 429 or 503: those reach the caller as <see cref="FeedFetchResult.RetryLater"/>, which moves the next poll.
    /// </remarks>
    public static IServiceCollection AddFeedFetching(this IServiceCollection services)
    {
        services.AddOptions<FeedFetcherOptions>()
            .BindConfiguration(FeedFetcherOptions.Section, o => o.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new FeedAddressPolicy(provider.GetRequiredService<IOptions<FeedFetcherOptions>>().Value));

        services.AddHttpClient<FeedFetcher>((provider, client) =>
            {
                // The fetcher's own deadline (on TimeProvider) covers the body too; this is the wall-clock backstop for the headers.
                client.Timeout = provider.GetRequiredService<IOptions<FeedFetcherOptions>>().Value.Timeout;
            })
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                // The fetcher follows redirects itself, to see whether a feed moved permanently.
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                ConnectCallback = provider.GetRequiredService<FeedAddressPolicy>().ConnectAsync,
            })
            .AddResilienceHandler("feed-fetching", pipeline => pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 1,
                Delay = TimeSpan.FromSeconds(1),
                BackoffType = DelayBackoffType.Constant,
                UseJitter = true,
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    // Refused by the address policy: it would be refused again.
                    { Exception: HttpRequestException { InnerException: FeedAddressRefusedException } } => false,
                    { Exception: HttpRequestException } => true,
                    { Result.StatusCode: HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout } => true,
                    _ => false,
                }),
            }));
        return services;
    }
}
