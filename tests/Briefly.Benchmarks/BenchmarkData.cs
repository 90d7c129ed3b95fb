using System.Globalization;
using Briefly.Core.Search;
using Briefly.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Benchmarks;

/// <summary>
/// Generated stories in the two places the search benchmarks compare: a <see cref="StoryIndex"/> and a SQLite file
/// (the baseline's data). The file is written once per size and generator version and kept in the temp folder, because
/// BenchmarkDotNet starts a process per case and a million rows take a while to write.
/// </summary>
internal static class BenchmarkData
{
    // Bump when the generator changes, so no stale file is reused.
    private const int GeneratorVersion = 2;

    public static StoryIndex BuildIndex(IEnumerable<SearchableStory> stories)
    {
        var index = new StoryIndex();
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

    /// <summary>Raw inserts in one transaction: the rows EF would write, at a fraction of the cost for a million of them.</summary>
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
            INSERT INTO Stories (Id, BriefId, Position, Title, Source, Date, DateText, Summary, WhyItMatters, CreatedAt, UpdatedAt)
            VALUES ($id, $brief, $position, $title, $source, $date, $dateText, $summary, $why, $now, $now)
            """;
        var names = new[] { "$id", "$brief", "$position", "$title", "$source", "$date", "$dateText", "$summary", "$why" };
        var p = names.Select(n => story.Parameters.Add(n, n is "$id" or "$brief" or "$position" ? SqliteType.Integer : SqliteType.Text)).ToArray();
        story.Parameters.AddWithValue("$now", now);

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
