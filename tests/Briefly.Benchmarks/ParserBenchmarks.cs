using BenchmarkDotNet.Attributes;
using Briefly.Core.Briefs;

namespace Briefly.Benchmarks;

/// <summary>
/// The brief parser on the real seed and on the Markdown brief of the dev corpus, against a baseline that
/// only splits the seed into lines, so the result reads as "parsing costs N line splits".
/// </summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private string _seed = "";
    private string _markdown = "";

    [GlobalSetup]
    public void ReadBriefs()
    {
        var shared = FindShared();
        _seed = File.ReadAllText(Path.Combine(shared, "seeds", "china-ai-update-brief-2026-04-29.txt"));
        _markdown = File.ReadAllText(Path.Combine(shared, "corpora", "dev", "brief-2026-05-05.txt"));
    }

    [Benchmark(Baseline = true)]
    public int SplitSeedIntoLines() => _seed.Split('\n').Length;

    [Benchmark]
    public BriefParseResult ParseSeed() => BriefParser.Parse(_seed);

    [Benchmark]
    public BriefParseResult ParseMarkdownBrief() => BriefParser.Parse(_markdown);

    // The same search as the tests' SharedFiles: BRIEFLY_SHARED, else a "shared" folder above the binaries.
    private static string FindShared()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("BRIEFLY_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "seeds"))) return candidate;
        }

        throw new DirectoryNotFoundException("../shared was not found above the benchmark binaries; set BRIEFLY_SHARED to its path.");
    }
}
