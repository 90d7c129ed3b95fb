using BenchmarkDotNet.Attributes;
using Briefly.Core.Briefs;
using Briefly.Testing;

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
        _seed = File.ReadAllText(SharedFiles.Seed);
        _markdown = File.ReadAllText(Path.Combine(SharedFiles.DevCorpus, "brief-2026-05-05.txt"));
    }

    [Benchmark(Baseline = true)]
    public int SplitSeedIntoLines() => _seed.Split('\n').Length;

    [Benchmark]
    public BriefParseResult ParseSeed() => BriefParser.Parse(_seed);

    [Benchmark]
    public BriefParseResult ParseMarkdownBrief() => BriefParser.Parse(_markdown);
}
