using System.Diagnostics;
using System.Globalization;
using Briefly.Core.Search;
using Microsoft.Data.Sqlite;

namespace Briefly.Benchmarks;

/// <summary>
/// What BenchmarkDotNet does not show: the latency of single questions (its percentiles are per iteration, not per
/// question), the time a host takes to load its index from the database and the memory it then holds. The index is
/// loaded as a host loads it at start (stories and their stored vectors read from a SQLite file, none computed) and
/// answers as a host does, by words and meaning with the embedding model. Run with
/// <c>dotnet run -c Release --project tests/Briefly.Benchmarks -- latency [stories]</c> (default 100,000).
/// </summary>
internal static class LatencyReport
{
    private const int Questions = 2_000;
    private const int FirstAskedTopics = 500;

    /// <summary>One size per run: the model remembers the questions it embedded, so a second size would answer them from memory.</summary>
    public static void Run(int size)
    {
        Console.WriteLine($"== {size:N0} stories ==");
        var file = BenchmarkData.SqliteFile(size, () => new StoryGenerator().Generate(size));
        var (_, setBefore) = Memory();
        var model = BenchmarkData.Model;
        var (_, setModel) = Memory();
        Console.WriteLine($"embedding model loaded: working set +{Mb(setModel - setBefore)} MB");

        var load = Stopwatch.StartNew();
        var index = new StoryIndex(embeddings: model);
        using (var db = BenchmarkData.Context(file))
            index.AddOrReplace(db.SearchableChangedSince(DateTime.MinValue).ToList());
        index.Search("warm up", 1, StoryGenerator.Today);
        load.Stop();
        SqliteConnection.ClearAllPools();
        // The GC keeps the load's freed segments for reuse; an aggressive collection hands them back, as a host's steady state.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var (heap, setLoaded) = Memory();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"index load from the database ({index.Count:N0} stories, {index.VectorCount:N0} stored vectors read, none computed): {load.Elapsed.TotalSeconds:F1} s"));
        Console.WriteLine($"memory: index and vectors +{Mb(setLoaded - setModel)} MB; process working set with model, index and vectors {Mb(setLoaded)} MB (managed heap {Mb(heap)} MB)");

        // Warm-up: every question a few times, so the JIT, Lucene's caches and the question vectors are as in a running host.
        for (var round = 0; round < 3; round++)
            foreach (var question in StoryGenerator.Questions) index.Search(question, 5, StoryGenerator.Today);

        var times = new double[Questions];
        var byQuestion = new Dictionary<string, List<double>>();
        for (var i = 0; i < Questions; i++)
        {
            var question = StoryGenerator.Questions[i % StoryGenerator.Questions.Length];
            times[i] = Time(() => index.Search(question, 5, StoryGenerator.Today));
            if (!byQuestion.TryGetValue(question, out var ofQuestion)) byQuestion[question] = ofQuestion = [];
            ofQuestion.Add(times[i]);
        }
        Console.WriteLine($"answers, {Questions:N0} repeated questions (vectors cached): {Percentiles(times)}");
        // A question slower than the rest at every turn is what decides p99; name the worst ones.
        var medians = byQuestion.Select(q => (Question: q.Key, Median: q.Value.Order().ElementAt(q.Value.Count / 2))).OrderByDescending(q => q.Median);
        Console.WriteLine("  slowest questions (median ms): " + string.Join(", ", medians.Take(5).Select(q => string.Create(CultureInfo.InvariantCulture, $"\"{q.Question}\" {q.Median:F2}"))));

        // Each of these answers includes embedding the question.
        // Topics not asked above: the model keeps the vectors of questions it has embedded.
        var fresh = MatchBenchmarks.DistinctTopics(SavedTopicGenerator.Generate(new StoryGenerator(), 20_000))
            .Where(topic => !StoryGenerator.Questions.Any(q => string.Equals(TopicQuery.Parse(q).Topic, topic, StringComparison.OrdinalIgnoreCase)))
            .Take(FirstAskedTopics).ToList();
        var first = fresh.Select(topic => Time(() => index.Search($"latest on {topic}", 5, StoryGenerator.Today))).ToArray();
        Console.WriteLine($"answers, {first.Length} first-asked topics (question embedded): {Percentiles(first)}");

        // The index remembers corrections until its next write, so the cycle above pays for each misspelling once;
        // these are slips it has not seen, each asked once.
        var cold = Misspellings().Select(slip => Time(() => index.Search(slip, 5, StoryGenerator.Today))).ToArray();
        Console.WriteLine($"answers, {cold.Length} first-seen misspellings: {Percentiles(cold)}");
        index.Dispose();

        // The baseline is a full scan per question, so a smaller sample says enough.
        var sample = size <= 100_000 ? 200 : 30;
        var baseline = new double[sample];
        using (var db = BenchmarkData.Context(file))
        {
            BenchmarkData.ContainsSearch(db, StoryGenerator.Questions[0], 5);
            for (var i = 0; i < sample; i++)
                baseline[i] = Time(() => BenchmarkData.ContainsSearch(db, StoryGenerator.Questions[i % StoryGenerator.Questions.Length], 5));
        }
        SqliteConnection.ClearAllPools();
        Console.WriteLine($"EF Contains baseline, {sample} questions: {Percentiles(baseline)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  EF Contains mean / answer mean (same run): repeated {baseline.Average() / times.Average():F0}x, first-asked {baseline.Average() / first.Average():F0}x"));
        Console.WriteLine();
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>Distinct slips (a letter dropped or two swapped) of the names and words stories use.</summary>
    private static IEnumerable<string> Misspellings()
    {
        var random = new Random(7);
        var words = new StoryGenerator().CompanyNames.SelectMany(n => n.Split(' '))
            .Concat(["lithography", "distillation", "humanoid", "bandwidth", "semiconductor", "electricity", "valuation", "labelling", "earnings", "accelerator"])
            .Select(w => w.ToLowerInvariant()).Where(w => w.Length >= 6 && w.All(char.IsLetter)).Distinct().ToList();
        var seen = new HashSet<string>();
        foreach (var word in words)
        {
            var at = 1 + random.Next(word.Length - 2);
            var slip = random.Next(2) == 0 ? word.Remove(at, 1) : string.Concat(word[..at], word[at + 1].ToString(), word[at].ToString(), word[(at + 2)..]);
            if (slip != word && seen.Add(slip)) yield return slip;
            if (seen.Count == 200) yield break;
        }
    }

    private static string Percentiles(double[] times)
    {
        var sorted = times.Order().ToArray();
        double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"mean {times.Average():F3} ms, p50 {At(0.50):F3} ms, p95 {At(0.95):F3} ms, p99 {At(0.99):F3} ms, max {sorted[^1]:F3} ms");
    }

    private static (long Heap, long WorkingSet) Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return (heap, process.WorkingSet64);
    }

    private static long Mb(long bytes) => bytes / (1024 * 1024);
}
