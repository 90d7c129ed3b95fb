using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Briefly.Core.Conversations;
using Briefly.Core.Search;

namespace Briefly.Benchmarks;

/// <summary>
/// Alerts: 100 new stories against 10,000 saved topics over an index of 100k earlier stories with stored vectors, by
/// words and meaning as a host matches them, with <see cref="StoryIndex.Match"/> against the obvious way (answer each
/// distinct topic with a search and keep the new
/// stories among its first 200 hits). Topics arrive as <see cref="TopicMatcher"/> passes them: one wording per key.
/// Target: under 1 s.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class MatchBenchmarks
{
    private const int Existing = 100_000;
    private const int New = 100;
    private const int SavedTopics = 10_000;

    private StoryIndex? _index;
    private List<string> _topics = [];
    private List<long> _newIds = [];

    [GlobalSetup]
    public void Build()
    {
        var generator = new StoryGenerator();
        var fresh = generator.Fresh(New, firstId: Existing + 1);
        _index = BenchmarkData.BuildIndex(generator.Generate(Existing).Concat(fresh), BenchmarkData.Model);
        _newIds = [.. fresh.Select(s => s.Id)];
        _topics = DistinctTopics(SavedTopicGenerator.Generate(generator, SavedTopics));
        // A host embeds each followed topic the first time it matches it and keeps the vector: that once is timed here.
        var first = Stopwatch.StartNew();
        _index.Match(_topics, _newIds);
        Console.WriteLine($"// {_topics.Count:N0} distinct topics embedded and matched the first time: {first.Elapsed.TotalSeconds:F1} s");
    }

    [GlobalCleanup]
    public void Close() => _index?.Dispose();

    [Benchmark(Baseline = true)]
    public int SearchEachTopic()
    {
        var fresh = _newIds.ToHashSet();
        var matches = 0;
        foreach (var topic in _topics)
            matches += _index!.Search(topic, 200, StoryGenerator.Today).Count(hit => fresh.Contains(hit.StoryId));
        return matches;
    }

    [Benchmark]
    public int Match() => _index!.Match(_topics, _newIds).Count;

    /// <summary>What <see cref="TopicMatcher"/> does with the subscriptions: one wording (the smallest) per topic key.</summary>
    internal static List<string> DistinctTopics(IEnumerable<string> saved) =>
        [.. saved.Select(TopicKeys.Display).GroupBy(TopicKeys.Of).Where(g => g.Key.Length > 0).Select(g => g.Min(StringComparer.Ordinal)!)];
}

/// <summary>
/// Saved topics as people type them: catalogue topics, companies, products and themes, alone or combined, in varying
/// case, plural, possessive and punctuation, so many are the same topic written differently.
/// </summary>
internal static class SavedTopicGenerator
{
    private static readonly string[] Extra =
    [
        "Huawei chips", "Huawei's chips", "huawei chip", "Ascend", "HBM", "high-bandwidth memory", "export controls", "export control",
        "Export Controls!", "entity list", "humanoid robots", "robotics", "data centres", "data centers", "power", "IPO", "IPOs",
        "open source", "open-source licences", "distillation", "AI labelling rules", "earnings", "lithography", "EUV", "DUV scanners",
        "GPU", "memory chips", "smartphones", "Kimi", "Doubao", "ERNIE", "Qwen", "GLM", "DeepSeek", "MiniMax", "chip self-sufficiency",
        "CAC rules", "MIIT", "BIS", "SMIC 7nm", "Nvidia H20", "US export curbs", "AI funding", "robot dogs", "token price war",
    ];

    public static List<string> Generate(StoryGenerator generator, int count)
    {
        var random = new Random(4242);
        var companies = generator.CompanyNames;
        var themes = StoryGenerator.ThemeNames;
        var catalogue = TopicCatalogue.Default.Groups.SelectMany(g => g.Terms).Where(t => !t.Contains('&')).ToArray();
        var topics = new List<string>(count);
        while (topics.Count < count)
        {
            // Real companies and the catalogue are followed far more often than the long tail.
            var topic = random.Next(10) switch
            {
                < 3 => Extra[random.Next(Extra.Length)],
                3 => catalogue[random.Next(catalogue.Length)],
                4 or 5 => companies[random.Next(random.Next(2) == 0 ? StoryGenerator.RealCompanyCount : companies.Count)],
                6 => themes[random.Next(themes.Count)],
                7 => $"{companies[random.Next(StoryGenerator.RealCompanyCount)]} {themes[random.Next(themes.Count)]}",
                8 => $"{companies[random.Next(companies.Count)]} {Pick(random, ["chips", "models", "IPO", "funding", "earnings", "robots", "news"])}",
                _ => $"{themes[random.Next(themes.Count)]} {Pick(random, ["China", "in China", "US", "Europe", "2026"])}",
            };
            topics.Add(Vary(random, topic));
        }
        return topics;
    }

    private static string Vary(Random random, string topic) => random.Next(6) switch
    {
        0 => topic.ToLowerInvariant(),
        1 => topic.ToUpperInvariant(),
        2 => topic + "?",
        3 => topic.EndsWith('s') ? topic[..^1] : topic + "s",
        4 => "  " + topic.Replace(" ", "  ") + " ",
        _ => topic,
    };

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}
