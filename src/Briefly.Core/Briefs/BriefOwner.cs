namespace Briefly.Core.Briefs;

/// <summary>
/// The sources a brief can belong to, as stored in <c>Brief.Owner</c>. Whoever runs the command line is one source (files,
/// feed files and feed URLs taken in by hand); the ingest API is another; each stored feed the host polls is its own.
/// </summary>
public static class BriefOwner
{
    public const string CommandLine = "command line";

    public const string Api = "api";

    /// <summary>Briefs pasted into the admin page (<c>/admin/paste</c>).</summary>
    public const string AdminPage = "admin page";

    public static string Feed(long feedId) => $"feed {feedId}";

    /// <summary>The feed's id when the owner is a stored feed.</summary>
    public static long? FeedId(string owner) =>
        owner.StartsWith("feed ", StringComparison.Ordinal) && long.TryParse(owner.AsSpan(5), out var id) ? id : null;

    /// <summary>The kind of source, for metrics: "api", "admin", "feed" or "file" (the command line).</summary>
    public static string Kind(string owner) => owner switch
    {
        Api => "api",
        AdminPage => "admin",
        _ => FeedId(owner) is not null ? "feed" : "file",
    };

    /// <summary>How a source is named in a conflict: "the ingest API", "feed 3".</summary>
    public static string Describe(string owner) => owner switch
    {
        CommandLine => "the command line (ingest)",
        Api => "the ingest API",
        AdminPage => "the admin page",
        _ => owner,
    };
}
