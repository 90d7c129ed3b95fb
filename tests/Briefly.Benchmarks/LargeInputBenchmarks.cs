using BenchmarkDotNet.Attributes;
using Briefly.Core.Briefs;
using Briefly.Testing;

namespace Briefly.Benchmarks;

/// <summary>
/// How parsing time grows with the input: every shape of <see cref="LargeBriefInputs"/> at a quarter of a
/// megabyte (the baseline) and at two megabytes. Eight times the text, so the Ratio column reads about 8 when
/// the parser is linear and about 64 when a loop is quadratic.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class LargeInputBenchmarks
{
    private string _quarter = "";
    private string _twoMegabytes = "";

    public static IEnumerable<string> AllShapes => LargeBriefInputs.Shapes;

    [ParamsSource(nameof(AllShapes))]
    public string Shape { get; set; } = "";

    [GlobalSetup]
    public void BuildInputs()
    {
        _quarter = LargeBriefInputs.Build(Shape, LargeBriefInputs.Megabyte / 4);
        _twoMegabytes = LargeBriefInputs.Build(Shape, 2 * LargeBriefInputs.Megabyte);
    }

    [Benchmark(Baseline = true)]
    public BriefParseResult QuarterMegabyte() => BriefParser.Parse(_quarter);

    [Benchmark]
    public BriefParseResult TwoMegabytes() => BriefParser.Parse(_twoMegabytes);
}
