using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Briefly.Core.Search;
using Briefly.Data;
using Microsoft.Data.Sqlite;

namespace Briefly.Benchmarks;

/// <summary>
/// Answering a topic question over generated archives, against the obvious baseline of EF Core <c>Contains</c>
/// (SQLite <c>instr</c>, a full scan) over the same stories, in the same run so the ratio holds on a noisy machine.
/// Each invocation asks the next question of <see cref="StoryGenerator.Questions"/>, so the mean is over the mix. The index
/// answers as a host does, by words and meaning (stored vectors, questions embedded by the model once, then remembered).
/// Targets: at least 50 times faster than the baseline at 10k; p99 under 10 ms at 100k with the question embedded, under
/// 5 ms for a repeated topic (see <see cref="LatencyReport"/>).
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 2, iterationCount: 5)]
[MemoryDiagnoser]
public class SearchBenchmarks
{
    private BrieflyDbContext? _db;
    private StoryIndex? _index;
    private int _next;

    [Params(10_000, 100_000, 1_000_000)]
    public int Stories { get; set; }

    [GlobalSetup(Target = nameof(EfContains))]
    public void OpenDatabase()
    {
        var file = BenchmarkData.SqliteFile(Stories, () => new StoryGenerator().Generate(Stories));
        _db = BenchmarkData.Context(file);
        BenchmarkData.ContainsSearch(_db, "warm up", 5);
    }

    [GlobalSetup(Target = nameof(Index))]
    public void BuildIndex() => _index = BenchmarkData.BuildIndex(new StoryGenerator().Generate(Stories), BenchmarkData.Model);

    [GlobalCleanup]
    public void Close()
    {
        _db?.Dispose();
        _index?.Dispose();
        SqliteConnection.ClearAllPools();
    }

    [Benchmark(Baseline = true)]
    public int EfContains() => BenchmarkData.ContainsSearch(_db!, NextQuestion(), 5).Count;

    [Benchmark]
    public int Index() => _index!.Search(NextQuestion(), 5, StoryGenerator.Today).Count;

    private string NextQuestion() => StoryGenerator.Questions[_next++ % StoryGenerator.Questions.Length];
}
