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

    /// <summary>
    /// The most stories one brief may hold. A written brief has a handful; thousands are a mistake or an attack, and
    /// would be posted to every channel as hundreds of messages.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxStoriesPerBrief { get; set; } = 50;

    /// <summary>
    /// The most new or changed items one feed poll (or one `ingest` of a feed) takes in, each a brief. Items past it are
    /// refused in that poll, named in its errors, and taken in by the next polls while the feed still carries them.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxNewItemsPerPoll { get; set; } = 200;

    /// <summary>
    /// Whether a brief may be changed by a source other than the one that stored it (the command line, the ingest API, a
    /// feed). Off, another source's brief with the same title and date is refused as a conflict, so a feed cannot rewrite
    /// a brief someone wrote by hand.
    /// </summary>
    public bool AllowReplaceAcrossSources { get; set; }
}
