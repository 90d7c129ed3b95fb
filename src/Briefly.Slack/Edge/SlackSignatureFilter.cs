using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefly.Slack.Edge;

/// <summary>
/// In front of every <c>/slack</c> endpoint: refuses everything while Slack is off (403), a body larger than Slack sends
/// (413) and one Slack did not sign (401), and hands the handler the body it verified (<see cref="SlackVerifiedBody.Of"/>).
/// </summary>
internal sealed class SlackSignatureFilter(IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackSignatureFilter> logger)
    : IEndpointFilter
{
    /// <summary>Slack's payloads are a few kilobytes; anything near this is not Slack.</summary>
    public const int MaxRequestBytes = 1024 * 1024;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!options.Value.Enabled) return Results.Json(new { error = "Slack is not configured on this host (Slack:SigningSecret)." }, statusCode: 403);
        if (request.ContentLength > MaxRequestBytes) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        if (await ReadAsync(request.Body, context.HttpContext.RequestAborted) is not { } body) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);

        var problem = SlackSignature.Problem(options.Value.SigningSecret!, request.Headers["X-Slack-Request-Timestamp"], request.Headers["X-Slack-Signature"],
            body, time.GetUtcNow());
        if (problem is not null)
        {
            SlackLog.RequestRejected(logger, request.Path, problem);
            return Results.Unauthorized();
        }
        context.HttpContext.Features.Set(new SlackVerifiedBody(Encoding.UTF8.GetString(body)));
        return await next(context);
    }

    /// <summary>The whole body, or null once it passes the limit (a chunked body names no length up front).</summary>
    private static async Task<byte[]?> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxRequestBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

}

/// <summary>The raw body of a request Slack signed, set by <see cref="SlackSignatureFilter"/> for the handler behind it.</summary>
internal sealed record SlackVerifiedBody(string Text)
{
    public static string Of(HttpContext context) =>
        context.Features.Get<SlackVerifiedBody>()?.Text
        ?? throw new InvalidOperationException("No verified Slack body: the endpoint is not behind SlackSignatureFilter.");
}
