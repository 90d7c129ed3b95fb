using System.ComponentModel.DataAnnotations;

namespace Briefly.Core.Briefs;

/// <summary>The "Ingest" section: how briefs are taken in over HTTP and from feeds.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>The key POST /api/briefs requires in the X-Api-Key header. Unset, the API refuses every request.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The largest brief accepted from a file, a request or a feed item, in bytes.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBriefBytes { get; set; } = BriefInput.DefaultMaxBytes;
}
