namespace Briefly.Data.Entities;

/// <summary>A stored daily brief. Its identity is its title and date: a corrected brief updates this row.</summary>
public class Brief
{
    public long Id { get; set; }

    public required string Title { get; set; }

    /// <summary>The title folded for comparison (case, dashes, quotes, spaces), so a corrected brief finds its row.</summary>
    public required string TitleKey { get; set; }

    public DateOnly Date { get; set; }

    /// <summary>Local time from the brief's "Posted on" line; briefs do not say their time zone.</summary>
    public DateTime? PostedAt { get; set; }

    /// <summary>SHA-256 of the parsed brief, so ingesting the same brief again changes nothing.</summary>
    public required string ContentHash { get; set; }

    /// <summary>Where it came from last: a file path, "request" (the ingest API), or a feed item.</summary>
    public required string Origin { get; set; }

    /// <summary>
    /// The source the brief belongs to (the command line, the ingest API, or one stored feed; see
    /// Briefly.Core.Briefs.BriefOwner): only that source may change it. Empty for a brief stored before briefs had owners,
    /// which the next source to change it claims.
    /// </summary>
    public string Owner { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<Story> Stories { get; set; } = [];

    public List<Takeaway> Takeaways { get; set; } = [];
}

public class Story
{
    public long Id { get; set; }

    public long BriefId { get; set; }

    public Brief Brief { get; set; } = null!;

    /// <summary>0-based order in the brief.</summary>
    public int Position { get; set; }

    public required string Title { get; set; }

    public required string Source { get; set; }

    public DateOnly Date { get; set; }

    public required string DateText { get; set; }

    public required string Summary { get; set; }

    public required string WhyItMatters { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>When the story was matched against the followed topics (null: not yet), so each story alerts at most once.</summary>
    public DateTime? AlertsMatchedAt { get; set; }

    /// <summary>
    /// The story's sentence embedding, computed once when the story is stored (see Briefly.Core.Search.StoryVectors for
    /// the encoding); null when no model was available then, until <c>reindex</c> computes it.
    /// </summary>
    public byte[]? Embedding { get; set; }

    /// <summary>The model that computed <see cref="Embedding"/>: a vector from another model is not comparable, so it is recomputed.</summary>
    public string? EmbeddingModel { get; set; }

    public List<Citation> Citations { get; set; } = [];
}

public class Citation
{
    public long Id { get; set; }

    public long StoryId { get; set; }

    public int Position { get; set; }

    public required string Url { get; set; }
}

public class Takeaway
{
    public long Id { get; set; }

    public long BriefId { get; set; }

    public int Position { get; set; }

    public required string Text { get; set; }
}
