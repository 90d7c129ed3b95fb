using System.Diagnostics;
using System.Globalization;
using Briefly.Core.Search;
using Briefly.Core.Search.Semantic;
using Briefly.Embeddings;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Briefly.Benchmarks;

/// <summary>
/// What BenchmarkDotNet does not show: the latency of single questions (its percentiles are per iteration, not per
/// question), the time to build the index and the memory it holds. Run with
/// <c>dotnet run -c Release --project tests/Briefly.Benchmarks -- latency [stories…]</c> (default 100,000).
/// </summary>
internal static class LatencyReport
{
    private const int Questions = 2_000;

    public static void Run(int[] sizes)
    {
        foreach (var size in sizes.Length == 0 ? [100_000] : sizes) Report(size);
    }

    private static void Report(int size)
    {
        Console.WriteLine($"== {size:N0} stories ==");
        var (heapBefore, setBefore) = Memory();

        var stories = new StoryGenerator().Generate(size);
        var (heapStories, setStories) = Memory();

        var build = Stopwatch.StartNew();
        var index = BenchmarkData.BuildIndex(stories);
        build.Stop();
        // The index keeps the stories it was given, as it does when loaded from the database: count them in.
        stories = null;
        var (heapIndex, setIndex) = Memory();
        Console.WriteLine($"index build: {build.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"memory, index with its stories: managed heap +{Mb(heapIndex - heapBefore)} MB, working set +{Mb(setIndex - setBefore)} MB (working set now {Mb(setIndex)} MB)");
        // The GC keeps freed segments for reuse after the build's garbage; an aggressive collection hands them back,
        // which is what the steady state of a host needs.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using (var process = Process.GetCurrentProcess())
            Console.WriteLine($"  working set after returning free GC memory: +{Mb(process.WorkingSet64 - setBefore)} MB (now {Mb(process.WorkingSet64)} MB)");
        Console.WriteLine($"  of which the generated story records: managed heap {Mb(heapStories - heapBefore)} MB, working set {Mb(setStories - setBefore)} MB");

        // Warm-up: every question a few times, so the JIT and Lucene's caches are settled as in a running host.
        for (var round = 0; round < 3; round++)
            foreach (var question in StoryGenerator.Questions) index.Search(question, 5, StoryGenerator.Today);

        var times = new double[Questions];
        var byQuestion = new Dictionary<string, List<double>>();
        for (var i = 0; i < Questions; i++)
        {
            var question = StoryGenerator.Questions[i % StoryGenerator.Questions.Length];
            var watch = Stopwatch.StartNew();
            index.Search(question, 5, StoryGenerator.Today);
            times[i] = watch.Elapsed.TotalMilliseconds;
            if (!byQuestion.TryGetValue(question, out var ofQuestion)) byQuestion[question] = ofQuestion = [];
            ofQuestion.Add(times[i]);
        }
        Console.WriteLine($"index, {Questions:N0} questions: {Percentiles(times)}");
        // A question slower than the rest at every turn is what decides p99; name the worst ones.
        var medians = byQuestion.Select(q => (Question: q.Key, Median: q.Value.Order().ElementAt(q.Value.Count / 2))).OrderByDescending(q => q.Median);
        Console.WriteLine("  slowest questions (median ms): " + string.Join(", ", medians.Take(5).Select(q => string.Create(CultureInfo.InvariantCulture, $"\"{q.Question}\" {q.Median:F2}"))));

        // The index remembers corrections until its next write, so the cycle above pays for each misspelling once;
        // these are slips it has not seen, each asked once.
        var slips = Misspellings().ToList();
        var cold = slips.Select(slip =>
        {
            var watch = Stopwatch.StartNew();
            index.Search(slip, 5, StoryGenerator.Today);
            return watch.Elapsed.TotalMilliseconds;
        }).ToArray();
        Console.WriteLine($"index, {slips.Count} first-seen misspellings: {Percentiles(cold)}");
        index.Dispose();

        SemanticReport(size, times);

        // The baseline is a full scan per question, so a smaller sample says enough.
        var sample = size <= 100_000 ? 200 : 30;
        var file = BenchmarkData.SqliteFile(size, () => new StoryGenerator().Generate(size));
        using (var db = BenchmarkData.Context(file))
        {
            BenchmarkData.ContainsSearch(db, StoryGenerator.Questions[0], 5);
            var baseline = new double[sample];
            for (var i = 0; i < sample; i++)
            {
                var watch = Stopwatch.StartNew();
                BenchmarkData.ContainsSearch(db, StoryGenerator.Questions[i % StoryGenerator.Questions.Length], 5);
                baseline[i] = watch.Elapsed.TotalMilliseconds;
            }
            Console.WriteLine($"EF Contains baseline, {sample} questions: {Percentiles(baseline)}");
        }
        SqliteConnection.ClearAllPools();
        Console.WriteLine();
    }

    /// <summary>
    /// The semantic side at this size: the vectors held in memory, the nearest 100 to each of 2,000 question vectors, and
    /// the model embedding each distinct question (as a host does the first time it is asked; repeats are cached). The
    /// vectors are clustered like embeddings of a news beat (each a mix of a few of 200 topic directions) rather than
    /// computed from the generated stories, which at 25 ms a story would take the best part of an hour for 100,000.
    /// </summary>
    private static void SemanticReport(int size, double[] lexical)
    {
        const int Dimensions = 384;
        var random = new Random(11);
        var topics = Enumerable.Range(0, 200).Select(_ => RandomUnit(random, Dimensions)).ToArray();
        float[] Clustered()
        {
            var vector = new float[Dimensions];
            for (var k = 0; k < 3; k++)
            {
                var topic = topics[random.Next(topics.Length)];
                var weight = (float)random.NextDouble();
                for (var i = 0; i < Dimensions; i++) vector[i] += weight * topic[i];
            }
            var noise = RandomUnit(random, Dimensions);
            for (var i = 0; i < Dimensions; i++) vector[i] += 0.5f * noise[i];
            StoryVectors.Normalise(vector);
            return vector;
        }

        var (heapBefore, setBefore) = Memory();
        var load = Stopwatch.StartNew();
        var vectors = new VectorIndex();
        // As a host reads them at start: the stored half-precision bytes, decoded and added.
        for (var id = 1; id <= size; id++) vectors.Set(id, StoryVectors.Decode(StoryVectors.Encode(Clustered())));
        load.Stop();
        var (heapAfter, setAfter) = Memory();
        Console.WriteLine($"vectors: {size:N0} decoded and held in {load.Elapsed.TotalSeconds:F1} s; managed heap +{Mb(heapAfter - heapBefore)} MB, working set +{Mb(setAfter - setBefore)} MB");

        var queries = Enumerable.Range(0, 200).Select(_ => Clustered()).ToArray();
        for (var round = 0; round < 3; round++) foreach (var query in queries) vectors.Nearest(query, 100);
        var nearest = new double[Questions];
        for (var i = 0; i < Questions; i++)
        {
            var watch = Stopwatch.StartNew();
            vectors.Nearest(queries[i % queries.Length], 100);
            nearest[i] = watch.Elapsed.TotalMilliseconds;
        }
        Console.WriteLine($"vectors, nearest 100 for {Questions:N0} questions: {Percentiles(nearest)}");

        var model = new StoryEmbeddings(new MiniLmEmbedder(), NullLogger<StoryEmbeddings>.Instance);
        model.Warm();
        var embedding = StoryGenerator.Questions.Select((question, i) =>
        {
            var watch = Stopwatch.StartNew();
            model.EmbedQuery($"{question} {i}");
            return watch.Elapsed.TotalMilliseconds;
        }).ToArray();
        Console.WriteLine($"model, {embedding.Length} first-asked questions embedded: {Percentiles(embedding)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  p99 nearest / p99 lexical answer (same run): {P99(nearest) / P99(lexical):F2}; p99 embedding + nearest + lexical: {P99(embedding) + P99(nearest) + P99(lexical):F2} ms"));
    }

    private static float[] RandomUnit(Random random, int dimensions)
    {
        var vector = Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        StoryVectors.Normalise(vector);
        return vector;
    }

    private static double P99(double[] times) => times.Order().ElementAt(Math.Min(times.Length - 1, (int)Math.Ceiling(0.99 * times.Length) - 1));

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
