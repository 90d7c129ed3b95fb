namespace Briefly.Testing;

/// <summary>Finds ../shared (the seeds, corpora and platform references), which tests read in place.</summary>
public static class SharedFiles
{
    public static string Root { get; } = Find();

    public static string Seed => Path.Combine(Root, "seeds", "china-ai-update-brief-2026-04-29.txt");

    public static string DevCorpus => Path.Combine(Root, "corpora", "dev");

    public static string Reference(params string[] parts) => Path.Combine([Root, "reference", .. parts]);

    private static string Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("BRIEFLY_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "seeds"))) return candidate;
        }
        throw new DirectoryNotFoundException("../shared was not found above the test binaries; set BRIEFLY_SHARED to its path.");
    }
}

/// <summary>Finds this repository's root (for samples/ and docs/).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = Find();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Bot.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Bot.sln was not found above the test binaries.");
    }
}
