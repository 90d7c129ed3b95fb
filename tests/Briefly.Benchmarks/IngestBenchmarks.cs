using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Briefly.Core.Briefs;
using Briefly.Core.Search.Semantic;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Briefly.Benchmarks;

/// <summary>
/// 1,000 briefs from text into a fresh SQLite file, as `ingest` does it (parse, look up, upsert, one transaction
/// each), against the baseline of inserting the same parsed briefs with plain EF Core (no look-ups, batches of 100).
/// The target is under 10 s for the 1,000.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public partial class IngestBenchmarks
{
    protected virtual int Briefs => 1000;

    private readonly List<byte[]> _texts = [];
    private string _file = "";

    [GlobalSetup]
    public void Generate()
    {
        // The repository's reference-layout samples, each given a new date so that all 1,000 are distinct briefs.
        var samples = Directory.GetFiles(Path.Combine(RepositoryRoot(), "samples", "briefs"), "*.txt").Order().Select(File.ReadAllText).ToList();
        var day = new DateOnly(2020, 1, 1);
        for (var i = 0; i < Briefs; i++, day = day.AddDays(1))
        {
            var date = day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
            _texts.Add(Encoding.UTF8.GetBytes(TitleDate().Replace(samples[i % samples.Count], $"— {date}")));
        }
    }

    [IterationSetup]
    public void FreshDatabase()
    {
        SqliteConnection.ClearAllPools();
        _file = Path.Combine(Path.GetTempPath(), $"briefly-bench-{Guid.NewGuid():N}.db");
        using var db = Context();
        db.Database.Migrate();
    }

    [IterationCleanup]
    public void DeleteDatabase()
    {
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { _file, _file + "-wal", _file + "-shm" }) File.Delete(path);
    }

    [Benchmark(Baseline = true)]
    public async Task PlainInsert()
    {
        var now = DateTime.UtcNow;
        foreach (var batch in _texts.Chunk(100))
        {
            await using var db = Context();
            foreach (var text in batch)
            {
                var brief = BriefInput.Parse(text, BriefFormat.Text).Brief!;
                db.Briefs.Add(new Brief
                {
                    Title = brief.Title, TitleKey = BriefKeys.TitleKey(brief.Title), Date = brief.Date, PostedAt = brief.PostedAt,
                    ContentHash = BriefKeys.ContentHash(brief), Origin = "bench", CreatedAt = now, UpdatedAt = now,
                    Takeaways = [.. brief.Takeaways.Select((t, i) => new Takeaway { Position = i, Text = t })],
                    Stories = [.. brief.Stories.Select((s, i) => new Story
                    {
                        Position = i, Title = s.Title, Source = s.Source, Date = s.Date, DateText = s.DateText, Summary = s.Summary,
                        WhyItMatters = s.WhyItMatters, CreatedAt = now, UpdatedAt = now,
                        Citations = [.. s.Citations.Select((c, j) => new Citation { Position = j, Url = c })],
                    })],
                });
            }
            await db.SaveChangesAsync();
        }
    }

    /// <summary>As a host with no embedding model (<c>Search:EmbeddingModel=none</c>) ingests.</summary>
    [Benchmark]
    public Task Ingest() => IngestAllAsync(new StoryEmbeddings(null, NullLogger<StoryEmbeddings>.Instance));

    protected async Task IngestAllAsync(StoryEmbeddings embeddings)
    {
        await using var db = Context();
        var ingestor = new BriefIngestor(db, embeddings, Options.Create(new IngestOptions()), TimeProvider.System, NullLogger<BriefIngestor>.Instance);
        foreach (var text in _texts)
        {
            var outcome = await ingestor.IngestAsync(BriefInput.Parse(text, BriefFormat.Text).Brief!, "bench", BriefOwner.CommandLine, CancellationToken.None);
            if (outcome.Status != IngestStatus.Created) throw new InvalidOperationException($"expected a new brief, got {outcome.Status}");
        }
    }

    private SqliteBrieflyDbContext Context()
    {
        var options = new DbContextOptionsBuilder<SqliteBrieflyDbContext>();
        BrieflyDataExtensions.UseSqlite(options, $"Data Source={_file}");
        return new SqliteBrieflyDbContext(options.Options);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Bot.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Bot.sln was not found above the benchmark's binaries.");
    }

    [GeneratedRegex(@"— \d{1,2} November 2026")]
    private static partial Regex TitleDate();
}
