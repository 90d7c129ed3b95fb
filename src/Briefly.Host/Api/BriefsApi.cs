using System.Security.Cryptography;
using System.Text;
using Briefly.Core.Briefs;
using Briefly.Core.Telemetry;
using Briefly.Data;
using Microsoft.Extensions.Options;

namespace Briefly.Host.Api;

/// <summary>POST /api/briefs takes in one brief (text, Markdown, HTML or JSON); GET /api/briefs lists them.</summary>
internal static class BriefsApi
{
    public const string ApiKeyHeader = "X-Api-Key";

    public static IEndpointRouteBuilder MapBriefsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/briefs");
        group.MapPost("/", PostAsync);
        group.MapGet("/", async (BrieflyDbContext db, HttpContext http, CancellationToken cancellationToken) =>
            Authorized(http, out var denied)
                ? Results.Json(await StoredBriefs.ListAsync(db, cancellationToken), StoredBriefs.Json)
                : denied);
        return app;
    }

    private static async Task<IResult> PostAsync(HttpContext http, BriefIngestor ingestor, IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        if (!Authorized(http, out var denied)) return denied;

        // A form upload wraps the file in parts and boundaries: read as text it would be stored as a brief of garbage.
        if (http.Request.ContentType?.TrimStart().StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true)
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                [$"request: {http.Request.ContentType.Split(';')[0].Trim()} is not taken; send the brief itself as the body, as text/plain, text/markdown, text/html or application/json"]);

        var maxBytes = options.Value.MaxBriefBytes;
        if (http.Request.ContentLength is { } length && BriefInput.CheckSize(length, maxBytes) is { } declaredTooLarge)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Brief too large", [declaredTooLarge.Describe("request")]);

        var body = await ReadBodyAsync(http.Request, maxBytes, cancellationToken);
        if (body is null)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Brief too large", [BriefInput.LongerThan(maxBytes).Describe("request")]);

        var parsed = BriefInput.Parse(body, BriefInput.FormatFromContentType(http.Request.ContentType), maxBytes);
        if (parsed.Brief is null)
        {
            BrieflyTelemetry.BriefIngested(nameof(IngestStatus.Rejected), "api");
            return Problem(StatusCodes.Status400BadRequest, "Not a valid brief", [.. parsed.Errors.Select(e => e.Describe("request"))]);
        }

        var outcome = await ingestor.IngestAsync(parsed.Brief, "request", BriefOwner.Api, cancellationToken);
        if (outcome.Status == IngestStatus.Rejected)
            return Problem(StatusCodes.Status400BadRequest, "Not a valid brief", outcome.Errors);
        if (outcome.Status == IngestStatus.Conflict)
            return Problem(StatusCodes.Status409Conflict, "Brief belongs to another source", outcome.Errors);
        var result = new { status = outcome.Status.ToString().ToLowerInvariant(), briefId = outcome.BriefId, newStoryIds = outcome.NewStoryIds };
        return outcome.Status == IngestStatus.Created
            ? Results.Json(result, statusCode: StatusCodes.Status201Created)
            : Results.Json(result);
    }

    /// <summary>Reads at most <paramref name="maxBytes"/>; null when the body is longer (a chunked body has no Content-Length to refuse early).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static bool Authorized(HttpContext http, out IResult denied)
    {
        var expected = http.RequestServices.GetRequiredService<IOptions<IngestOptions>>().Value.ApiKey;
        if (string.IsNullOrEmpty(expected))
        {
            denied = Problem(StatusCodes.Status403Forbidden, "Ingest API disabled", ["Set Ingest:ApiKey to turn on the ingest API."]);
            return false;
        }
        var given = http.Request.Headers[ApiKeyHeader].ToString();
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
        {
            denied = Problem(StatusCodes.Status401Unauthorized, "Missing or wrong API key", [$"Send the key in the {ApiKeyHeader} header."]);
            return false;
        }
        denied = Results.Empty;
        return true;
    }

    private static IResult Problem(int status, string title, IReadOnlyList<string> errors) =>
        Results.Problem(title: title, statusCode: status, detail: string.Join("\n", errors),
            extensions: new Dictionary<string, object?> { ["errors"] = errors });
}
