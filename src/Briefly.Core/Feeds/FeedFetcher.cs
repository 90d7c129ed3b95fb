using System.Buffers;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Briefly.Core.Feeds;

/// <summary>
/// Fetches feed documents politely: conditional GET with the last validators, an honest User-Agent,
/// Retry-After honoured on 429 and 503, a cap on the body size, and redirects followed here so a permanent move can be reported.
/// Every address, the first and each redirect's, must pass <see cref="FeedAddressPolicy"/>.
/// Never throws, except <see cref="OperationCanceledException"/> when the caller cancels.
/// </summary>
/// <remarks>
/// Redirects are followed by this class when the handler leaves them alone (as <see cref="FeedFetchingExtensions.AddFeedFetching"/>
/// configures it). Given an <see cref="HttpClient"/> that follows redirects itself, fetching still works but
/// <see cref="FeedFetchResult.PermanentlyMovedTo"/> is never set, since the handler hides the 301. The policy is applied
/// here to URLs that are an address; names are checked on what they resolve to by the handler's connect callback, which
/// only <see cref="FeedFetchingExtensions.AddFeedFetching"/> sets up.
/// </remarks>
public sealed class FeedFetcher
{
    public const string UserAgent = "Briefly/1.0 (+feed reader)";

    public const string Accept =
        "application/feed+json, application/atom+xml, application/rss+xml, application/rdf+xml;q=0.9, "
        + "application/json;q=0.8, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1";

    /// <summary>Longer validators are dropped (the next fetch is then unconditional) so that they fit their stored columns.</summary>
    private const int MaxETagLength = 500;

    private const int MaxLastModifiedLength = 100;

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger<FeedFetcher> _logger;
    private readonly FeedFetcherOptions _options;
    private readonly FeedAddressPolicy _policy;

    public FeedFetcher(HttpClient http, TimeProvider time, ILogger<FeedFetcher> logger, IOptions<FeedFetcherOptions>? options = null)
    {
        _http = http;
        _time = time;
        _logger = logger;
        _options = options?.Value ?? new FeedFetcherOptions();
        _policy = new FeedAddressPolicy(_options);
    }

    public async Task<FeedFetchResult> FetchAsync(FeedRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var site = Redacted.Url(request.Url);
        if (!IsWebAddress(request.Url))
            return Logged(site, new FeedFetchResult.Failed($"'{site}' is not an absolute http or https URL"));

        // The deadline runs on the injected clock so that tests can move time instead of waiting for it.
        using var deadline = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            return Logged(site, await FollowAsync(request, linked.Token));
        }
        catch (FeedAddressRefusedException refused)
        {
            FeedLog.FetchRefused(_logger, site, refused.Message);
            return new FeedFetchResult.Failed(refused.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Logged(site, new FeedFetchResult.Failed($"timed out after {_options.Timeout.TotalSeconds:0.#} s"));
        }
        catch (HttpRequestException ex)
        {
            return Logged(site, new FeedFetchResult.Failed($"network error ({ex.HttpRequestError}): {ex.Message}", (int?)ex.StatusCode));
        }
        catch (IOException ex) when (!ct.IsCancellationRequested)
        {
            return Logged(site, new FeedFetchResult.Failed($"the response was cut off: {ex.Message}"));
        }
        catch (ExecutionRejectedException ex) when (!ct.IsCancellationRequested)
        {
            return Logged(site, new FeedFetchResult.Failed($"not sent: {ex.Message}"));
        }
    }

    /// <exception cref="FeedAddressRefusedException">
    /// An address, the first or a redirect's, is refused: the fetch ends without a <see cref="FeedFetchResult.PermanentlyMovedTo"/>,
    /// so a feed is never moved there.
    /// </exception>
    private async Task<FeedFetchResult> FollowAsync(FeedRequest request, CancellationToken ct)
    {
        var url = request.Url;
        Uri? movedTo = null;
        var permanentSoFar = true;
        for (var redirects = 0; ; redirects++)
        {
            var redirected = redirects > 0;
            if (_policy.Refusal(url) is { } refusal) throw Refused(url, redirected, refusal);
            using var message = NewRequest(url, request);
            using var response = await SendAsync(message, redirected, ct);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 and not 304 && Location(response, url) is { } target)
            {
                if (redirects >= _options.MaxRedirects)
                    return new FeedFetchResult.Failed($"more than {_options.MaxRedirects} redirects", status) { PermanentlyMovedTo = movedTo };
                if (!IsWebAddress(target))
                    return new FeedFetchResult.Failed($"redirected to '{target.Scheme}:', not http or https", status) { PermanentlyMovedTo = movedTo };
                // HttpClient refuses this downgrade too: it would send the validators, and accept the content, in the clear.
                if (url.Scheme == Uri.UriSchemeHttps && target.Scheme == Uri.UriSchemeHttp)
                    return new FeedFetchResult.Failed("redirected from https to http", status) { PermanentlyMovedTo = movedTo };
                permanentSoFar &= status is 301 or 308;
                if (permanentSoFar) movedTo = target;
                url = target;
                continue;
            }
            return await OutcomeAsync(response, ct) with { PermanentlyMovedTo = movedTo };
        }
    }

    /// <summary>A connection the handler's policy refused (<see cref="FeedAddressPolicy.ConnectAsync"/>) is reported as such, not as a network error.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, bool redirected, CancellationToken ct)
    {
        try
        {
            return await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException ex) when (ex.InnerException is FeedAddressRefusedException refused)
        {
            throw Refused(message.RequestUri!, redirected, refused.Message);
        }
    }

    private static FeedAddressRefusedException Refused(Uri url, bool redirected, string refusal) =>
        new(redirected ? $"redirected to {Redacted.Url(url)}: {refusal}" : refusal);

    private static HttpRequestMessage NewRequest(Uri url, FeedRequest request)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, url);
        // Without validation: the product token's comment and the validators must go out exactly as written.
        message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        message.Headers.TryAddWithoutValidation("Accept", Accept);
        if (!string.IsNullOrWhiteSpace(request.ETag)) message.Headers.TryAddWithoutValidation("If-None-Match", request.ETag);
        if (!string.IsNullOrWhiteSpace(request.LastModified)) message.Headers.TryAddWithoutValidation("If-Modified-Since", request.LastModified);
        return message;
    }

    /// <summary>Resolved from the raw header: on Unix a bare "/path" would otherwise parse as an absolute file: URI.</summary>
    private static Uri? Location(HttpResponseMessage response, Uri current) =>
        response.Headers.NonValidated.TryGetValues("Location", out var values)
        && Uri.TryCreate(current, values.ToString().Trim(), out var target)
            ? target
            : null;

    private async Task<FeedFetchResult> OutcomeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        if (status == 304) return new FeedFetchResult.NotModified();
        if (status is 429 or 503) return new FeedFetchResult.RetryLater(NotBefore(response), Describe(status));
        if (status is < 200 or >= 300) return new FeedFetchResult.Failed(Describe(status), status);

        var limit = _options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength is { } length && length > limit)
            return new FeedFetchResult.Failed($"the body is {length} bytes, over the limit of {limit}", status);

        var body = await ReadLimitedAsync(response.Content, limit, ct);
        if (body is null) return new FeedFetchResult.Failed($"the body is over the limit of {limit} bytes", status);

        var contentType = response.Content.Headers.ContentType;
        return new FeedFetchResult.Modified(
            FeedText.Decode(body.GetBuffer().AsSpan(0, (int)body.Length), contentType?.CharSet),
            contentType?.MediaType,
            Validator(response.Headers.NonValidated, "ETag", MaxETagLength),
            Validator(response.Content.Headers.NonValidated, "Last-Modified", MaxLastModifiedLength));
    }

    /// <summary>Null as soon as the body passes the limit: a missing or lying Content-Length must not make us read it all.</summary>
    private static async Task<MemoryStream?> ReadLimitedAsync(HttpContent content, int limit, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        var body = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, ct)) > 0)
            {
                if (body.Length + read > limit) return null;
                body.Write(chunk, 0, read);
            }
            return body;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private DateTimeOffset NotBefore(HttpResponseMessage response)
    {
        var now = _time.GetUtcNow();
        var wait = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => _options.DefaultRetryAfter,
        };
        return now + TimeSpan.FromTicks(Math.Clamp(wait.Ticks, _options.MinRetryAfter.Ticks, _options.MaxRetryAfter.Ticks));
    }

    private static string? Validator(System.Net.Http.Headers.HttpHeadersNonValidated headers, string name, int maxLength) =>
        headers.TryGetValues(name, out var values) && values.ToString().Trim() is { Length: > 0 } value && value.Length <= maxLength
            ? value
            : null;

    private static string Describe(int status) => $"HTTP {status} {ReasonPhrases.GetReasonPhrase(status)}".TrimEnd();

    private static bool IsWebAddress(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    private FeedFetchResult Logged(string site, FeedFetchResult result)
    {
        switch (result)
        {
            case FeedFetchResult.Modified modified:
                FeedLog.Fetched(_logger, site, modified.Content.Length, modified.ContentType);
                break;
            case FeedFetchResult.NotModified:
                FeedLog.FetchNotModified(_logger, site);
                break;
            case FeedFetchResult.RetryLater later:
                FeedLog.FetchRetryLater(_logger, site, later.Reason, later.NotBefore);
                break;
            case FeedFetchResult.Failed failed:
                FeedLog.FetchFailed(_logger, site, failed.Reason);
                break;
        }
        if (result.PermanentlyMovedTo is { } movedTo) FeedLog.FetchMovedPermanently(_logger, site, Redacted.Url(movedTo));
        return result;
    }
}
