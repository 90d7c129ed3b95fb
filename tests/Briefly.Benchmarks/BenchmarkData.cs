using System.Globalization;
using Briefly.Core.Search;
using Briefly.Core.Search.Semantic;
using Briefly.Data;
using Briefly.Embeddings;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Briefly.Benchmarks;

/// <summary>
/// Generated stories in the two places the search benchmarks compare: a <see cref="StoryIndex"/> and a SQLite file
/// (the baseline's data). The file is written once per size and generator version and kept in the temp folder, because
/// BenchmarkDotNet starts a process per case and a million rows take a while to write.
/// </summary>
internal static class BenchmarkData
{
    // Bump when the generator changes, so no stale file is reused.
    private const int GeneratorVersion = 3;

    /// <summary>The model a host runs, loaded once per process.</summary>
    public static StoryEmbeddings Model => LoadedModel.Value;

    private static readonly Lazy<StoryEmbeddings> LoadedModel = new(() =>
    {
        var embeddings = new StoryEmbeddings(new MiniLmEmbedder(), NullLogger<StoryEmbeddings>.Instance);
        embeddings.Warm();
        return embeddings;
    });

    /// <param name="embeddings">
    /// When given, each story gets a stored vector (<see cref="ClusteredVectors"/>) and questions are embedded by this
    /// model: answers go by words and meaning, as a host's do.
    /// </param>
    public static StoryIndex BuildIndex(IEnumerable<SearchableStory> stories, StoryEmbeddings? embeddings = null)
    {
        var index = new StoryIndex(embeddings: embeddings);
        if (embeddings is not null) stories = stories.Select(s => s with { Embedding = ClusteredVectors.Stored(s.Id), EmbeddingModel = embeddings.ModelId });
        foreach (var batch in stories.Chunk(10_000)) index.AddOrReplace(batch);
        // The first search opens the reader; do it here so no measurement pays for it.
        index.Search("warm up", 1, StoryGenerator.Today);
        return index;
    }

    public static string SqliteFile(int count, Func<List<SearchableStory>> stories)
    {
        var file = Path.Combine(Path.GetTempPath(), $"briefly-bench-stories-v{GeneratorVersion}-{count}.db");
        if (File.Exists(file)) return file;
        var partial = file + ".partial";
        File.Delete(partial);
        using (var db = Context(partial)) db.Database.Migrate();
        Fill(partial, stories());
        SqliteConnection.ClearAllPools();
        File.Move(partial, file);
        return file;
    }

    public static SqliteBrieflyDbContext Context(string file)
    {
        var options = new DbContextOptionsBuilder<SqliteBrieflyDbContext>();
        BrieflyDataExtensions.UseSqlite(options, $"Data Source={file}");
        return new SqliteBrieflyDbContext(options.Options);
    }

    /// <summary>
    /// Raw inserts in one transaction: the rows EF would write, at a fraction of the cost for a million of them. Each story
    /// has a stored vector (<see cref="ClusteredVectors"/>), as ingest with the model leaves it.
    /// </summary>
    private static void Fill(string file, List<SearchableStory> stories)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var now = new DateTime(2026, 11, 27, 12, 0, 0).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        using var brief = connection.CreateCommand();
        brief.CommandText = "INSERT INTO Briefs (Id, Title, TitleKey, Date, ContentHash, Origin, CreatedAt, UpdatedAt) VALUES ($id, $title, $key, $date, $hash, 'bench', $now, $now)";
        var (briefId, briefTitle, briefKey, briefDate, briefHash) = (brief.Parameters.Add("$id", SqliteType.Integer), brief.Parameters.Add("$title", SqliteType.Text),
            brief.Parameters.Add("$key", SqliteType.Text), brief.Parameters.Add("$date", SqliteType.Text), brief.Parameters.Add("$hash", SqliteType.Text));
        brief.Parameters.AddWithValue("$now", now);

        using var story = connection.CreateCommand();
        story.CommandText = """
            INSERT INTO Stories (Id, BriefId, Position, Title, Source, Date, DateText, Summary, WhyItMatters, Embedding, EmbeddingModel, CreatedAt, UpdatedAt)
            VALUES ($id, $brief, $position, $title, $source, $date, $dateText, $summary, $why, $embedding, $model, $now, $now)
            """;
        var names = new[] { "$id", "$brief", "$position", "$title", "$source", "$date", "$dateText", "$summary", "$why" };
        var p = names.Select(n => story.Parameters.Add(n, n is "$id" or "$brief" or "$position" ? SqliteType.Integer : SqliteType.Text)).ToArray();
        var embedding = story.Parameters.Add("$embedding", SqliteType.Blob);
        story.Parameters.AddWithValue("$now", now);
        story.Parameters.AddWithValue("$model", MiniLmEmbedder.Id);

        long lastBrief = -1;
        foreach (var s in stories)
        {
            if (s.BriefId != lastBrief)
            {
                lastBrief = s.BriefId;
                briefId.Value = s.BriefId;
                briefTitle.Value = briefKey.Value = $"China AI Update Brief {s.BriefId}";
                briefDate.Value = Day(s.BriefDate);
                briefHash.Value = s.BriefId.ToString("x64", CultureInfo.InvariantCulture);
                brief.ExecuteNonQuery();
            }
            p[0].Value = s.Id;
            p[1].Value = s.BriefId;
            p[2].Value = s.Position;
            p[3].Value = s.Title;
            p[4].Value = s.Source;
            p[5].Value = Day(s.Date);
            p[6].Value = s.Date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
            p[7].Value = s.Summary;
            p[8].Value = s.WhyItMatters;
            embedding.Value = ClusteredVectors.Stored(s.Id);
            story.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The obvious search: the question's topic as a substring of title, summary or why-it-matters, newest first.</summary>
    public static List<long> ContainsSearch(BrieflyDbContext db, string question, int max)
    {
        var term = TopicQuery.Parse(question).Topic;
        return [.. db.Stories.AsNoTracking()
            .Where(s => s.Title.Contains(term) || s.Summary.Contains(term) || s.WhyItMatters.Contains(term))
            .OrderByDescending(s => s.Brief.Date)
            .Take(max)
            .Select(s => s.Id)];
    }
}

/// <summary>
/// Stored vectors for generated stories, clustered like the embeddings of a news beat (each a mix of a few of 200 topic
/// directions, plus noise) rather than computed from the generated text, which at 25 ms a story would take the best
/// part of an hour for 100,000. What answering costs does not depend on what the vectors say: every question scans them
/// all and judges its nearest.
/// </summary>
internal static class ClusteredVectors
{
    private const int Dimensions = 384;

    private static readonly float[][] Topics = Enumerable.Range(0, 200).Select(i => RandomUnit(new Random(i))).ToArray();

    /// <summary>The stored form of story <paramref name="id"/>'s vector: the same for the same id in every run.</summary>
    public static byte[] Stored(long id)
    {
        var random = new Random((int)(id % int.MaxValue));
        var vector = new float[Dimensions];
        for (var k = 0; k < 3; k++)
        {
            var topic = Topics[random.Next(Topics.Length)];
            var weight = (float)random.NextDouble();
            for (var i = 0; i < Dimensions; i++) vector[i] += weight * topic[i];
        }
        var noise = RandomUnit(random);
        for (var i = 0; i < Dimensions; i++) vector[i] += 0.5f * noise[i];
        StoryVectors.Normalise(vector);
        return StoryVectors.Encode(vector);
    }

    private static float[] RandomUnit(Random random)
    {
        var vector = Enumerable.Range(0, Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        StoryVectors.Normalise(vector);
        return vector;
    }
}
