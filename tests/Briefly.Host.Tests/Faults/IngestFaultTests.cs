using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Briefly.Core.Briefs;
using Briefly.Data;
using Briefly.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Briefly.Host.Tests.Faults;

/// <summary>
/// `ingest` of a folder of briefs killed (SIGKILL) at random points, the folder revised between runs: after each kill every
/// stored brief is whole, as one of its files gave it, and nothing is left without its brief or story.
/// </summary>
[Trait("Suite", "Faults")]
public class IngestFaultTests(ITestOutputHelper output)
{
    private const int Kills = 8;

    // The model's vectors are computed before the brief is written, in the same process: they add two seconds of loading
    // to every run and no write a kill could cut, so the kills are spent on the writes.
    // The run says each brief it writes, which marks when to kill it.
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Search:EmbeddingModel"] = "none",
        ["Logging:LogLevel:Briefly.Core.Briefs.BriefIngestor"] = "Information",
    };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_ingest_killed_anywhere_leaves_whole_briefs_and_the_next_run_stores_them_all(DatabaseProvider provider)
    {
        var run = new FaultRun(output, $"ingest/{provider}");
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var untouched = await TestDatabase.CreateAsync(provider);
        using var work = new TempFolder();
        await run.RunAsync(TimeSpan.FromMinutes(5), async () =>
        {
            var folder = new BriefFolder(Path.Combine(work.Path, "briefs"), run.Random);
            folder.Create(count: 36);
            // What each brief was when last looked at: after a kill it is that or its file's version, nothing between.
            var stored = new Dictionary<DateOnly, BriefDocument>();

            while (run.Kills < Kills)
            {
                // The first run creates every brief; each later one finds a few revised and a few new.
                if (stored.Count > 0) folder.Revise(changed: 8, added: 2);
                // A later command, started as the previous run is killed, reads beside the next run.
                var listing = ListWithinLimitAsync(run, database, untouched, work.Path);
                // The kill lands within a second of the first brief written, while the run writes the others.
                var (killed, exitCode, log) = await run.KillAsync(database, work.Path, Settings, ["ingest", "briefs"],
                    mark: "BriefIngestor", run.Between(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
                if (!killed) Assert.True(exitCode == 0, log);
                var listed = await listing;
                var found = await CheckAsync(database, folder, stored, listed);
                run.Log($"{(killed ? "killed" : "finished")}: {found.Current}/{folder.Count} briefs as their files give them, {found.Older} as before");
            }

            // Once more, to its end: everything the folder holds is stored, as it holds it.
            var last = await BrieflyProcess.RunAsync(database, work.Path, Settings, TimeSpan.FromMinutes(1), "ingest", "briefs");
            Assert.True(last.ExitCode == 0, last.Errors);
            Assert.Contains("0 rejected.", last.Output);
            var final = await CheckAsync(database, folder, stored, await ListWithinLimitAsync(run, database, untouched, work.Path));
            Assert.Equal((folder.Count, 0), (final.Current, final.Older));
        });
    }

    /// <summary>
    /// The integrity of the stored briefs: each is exactly the version last seen or its file's (no partial brief),
    /// positions run 0, 1, 2… and no story, citation or takeaway is left without its owner. What `briefs` listed while the
    /// run wrote holds the same: each brief's stories are those of one version, never a mix.
    /// </summary>
    private static async Task<(int Current, int Older)> CheckAsync(
        TestDatabase database, BriefFolder folder, Dictionary<DateOnly, BriefDocument> stored, IReadOnlyList<(DateOnly Date, List<string> Stories)> listed)
    {
        foreach (var (date, stories) in listed)
        {
            var file = folder.Latest(date) ?? throw new InvalidOperationException($"briefs listed a brief of {date} no file holds");
            Assert.True(stories.SequenceEqual(file.Stories.Select(s => s.Title)) || (stored.TryGetValue(date, out var before) && stories.SequenceEqual(before.Stories.Select(s => s.Title))),
                $"briefs listed the brief of {date} with stories of neither its file nor what it was before: {string.Join(" / ", stories)}");
        }

        await using var db = database.CreateContext();
        Assert.Equal(0, await db.Stories.CountAsync(s => !db.Briefs.Any(b => b.Id == s.BriefId)));
        Assert.Equal(0, await db.Citations.CountAsync(c => !db.Stories.Any(s => s.Id == c.StoryId)));
        Assert.Equal(0, await db.Takeaways.CountAsync(t => !db.Briefs.Any(b => b.Id == t.BriefId)));

        var briefs = await db.Briefs.AsNoTracking()
            .Include(b => b.Stories).ThenInclude(s => s.Citations)
            .Include(b => b.Takeaways)
            .AsSplitQuery()
            .ToListAsync();
        Assert.Equal(briefs.Count, briefs.Select(b => b.Date).Distinct().Count());
        var (current, older) = (0, 0);
        foreach (var brief in briefs)
        {
            var stories = brief.Stories.OrderBy(s => s.Position).ToList();
            Assert.Equal(Enumerable.Range(0, stories.Count), stories.Select(s => s.Position));
            Assert.Equal(Enumerable.Range(0, brief.Takeaways.Count), brief.Takeaways.Select(t => t.Position).Order());
            foreach (var story in stories)
                Assert.Equal(Enumerable.Range(0, story.Citations.Count), story.Citations.Select(c => c.Position).Order());

            var document = Document(brief);
            var text = Describe(document);
            var file = folder.Latest(brief.Date) ?? throw new InvalidOperationException($"brief of {brief.Date} is stored but no file holds it");
            if (text == Describe(file)) current++;
            else if (stored.TryGetValue(brief.Date, out var before) && text == Describe(before)) older++;
            else Assert.Fail($"brief of {brief.Date} is stored as neither its file nor what it was before:\n{text}\nfile:\n{Describe(file)}\nbefore:\n{(before is null ? "(none)" : Describe(before))}");
            stored[brief.Date] = document;
        }
        // A brief once stored stays stored.
        Assert.Equal(stored.Count, briefs.Count);
        return (current, older);
    }

    /// <summary>A later command starts, reads every brief and ends within the limit; returns each brief's story titles.</summary>
    private static async Task<IReadOnlyList<(DateOnly Date, List<string> Stories)>> ListWithinLimitAsync(
        FaultRun run, TestDatabase database, TestDatabase untouched, string workingDirectory)
    {
        var listed = await run.WithinLimitAsync("briefs",
            () => BrieflyProcess.RunAsync(database, workingDirectory, Settings, TimeSpan.FromMinutes(1), "briefs", "--json"),
            () => BrieflyProcess.RunAsync(untouched, workingDirectory, Settings, TimeSpan.FromMinutes(1), "briefs", "--json"));
        Assert.True(listed.ExitCode == 0, listed.Errors);
        using var json = JsonDocument.Parse(listed.Output);
        return [.. json.RootElement.EnumerateArray().Select(brief => (
            DateOnly.ParseExact(brief.GetProperty("date").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            brief.GetProperty("stories").EnumerateArray().Select(s => s.GetProperty("title").GetString()!).ToList()))];
    }

    private static string Describe(BriefDocument brief)
    {
        var text = new StringBuilder();
        text.Append(brief.Title).Append(" | ").Append(brief.Date.ToString("O", CultureInfo.InvariantCulture))
            .Append(" | ").Append(brief.PostedAt?.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)).Append('\n');
        foreach (var story in brief.Stories)
            text.Append("  ").AppendJoin(" | ", story.Title, story.Source, story.Date.ToString("O", CultureInfo.InvariantCulture), story.DateText, story.Summary, story.WhyItMatters)
                .Append(" | ").AppendJoin(' ', story.Citations).Append('\n');
        foreach (var takeaway in brief.Takeaways) text.Append("  • ").Append(takeaway).Append('\n');
        return text.ToString();
    }

    private static BriefDocument Document(Data.Entities.Brief brief) => new(
        brief.Title, brief.Date, brief.PostedAt,
        [.. brief.Stories.OrderBy(s => s.Position).Select(s => new StoryDocument(
            s.Title, s.Source, s.Date, s.DateText, s.Summary, s.WhyItMatters, [.. s.Citations.OrderBy(c => c.Position).Select(c => c.Url)]))],
        [.. brief.Takeaways.OrderBy(t => t.Position).Select(t => t.Text)]);

    /// <summary>A folder of JSON briefs, one per day, and the newest version of each; revised at random from the run's seed.</summary>
    private sealed class BriefFolder(string path, Random random)
    {
        private static readonly string[] Companies = ["Huawei", "SMIC", "Baidu", "Alibaba", "Tencent", "DeepSeek", "Moonshot", "Zhipu", "Cambricon", "ByteDance"];
        private static readonly string[] Things = ["chip plant", "language model", "export licence", "data centre", "robotics unit", "AI accelerator", "cloud price cut"];
        private static readonly string[] Outlets = ["Reuters", "Caixin", "SCMP", "Nikkei Asia", "Bloomberg"];
        private static readonly DateOnly FirstDay = new(2026, 1, 5);

        private readonly Dictionary<DateOnly, BriefDocument> _latest = [];
        private int _stories;

        public int Count => _latest.Count;

        public BriefDocument? Latest(DateOnly date) => _latest.GetValueOrDefault(date);

        public void Create(int count)
        {
            Directory.CreateDirectory(path);
            for (var i = 0; i < count; i++) Add();
        }

        public void Revise(int changed, int added)
        {
            foreach (var date in _latest.Keys.OrderBy(_ => random.Next()).Take(changed).ToList()) Write(Revised(_latest[date]));
            for (var i = 0; i < added; i++) Add();
        }

        private void Add()
        {
            var date = FirstDay.AddDays(_latest.Count);
            var stories = Enumerable.Range(0, random.Next(3, 8)).Select(_ => Story(date)).ToList();
            Write(new BriefDocument(
                $"China AI Update Brief — {date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}", date,
                random.Next(4) == 0 ? null : date.ToDateTime(new TimeOnly(21, random.Next(60))),
                stories, [.. Enumerable.Range(0, random.Next(2, 5)).Select(i => $"Takeaway {i + 1}: {Pick(Companies)} moves on the {Pick(Things)}")]));
        }

        /// <summary>One to three of the changes an author makes to a published brief.</summary>
        private BriefDocument Revised(BriefDocument brief)
        {
            var stories = brief.Stories.ToList();
            var takeaways = brief.Takeaways.ToList();
            for (var changes = random.Next(1, 4); changes > 0; changes--)
            {
                var at = random.Next(stories.Count);
                switch (random.Next(6))
                {
                    case 0:
                        stories[at] = stories[at] with { Summary = stories[at].Summary + " Updated: the company confirmed the figures." };
                        break;
                    case 1:
                        stories.Reverse();
                        break;
                    case 2:
                        stories.Insert(random.Next(stories.Count + 1), Story(brief.Date));
                        break;
                    case 3 when stories.Count > 1:
                        stories.RemoveAt(at);
                        break;
                    case 4:
                        var citations = stories[at].Citations.Skip(1).Append($"https://example.org/{brief.Date:yyyyMMdd}/correction-{++_stories}").ToList();
                        stories[at] = stories[at] with { Citations = citations, Title = stories[at].Title + " (corrected)" };
                        break;
                    default:
                        if (takeaways.Count > 1 && random.Next(2) == 0) takeaways.RemoveAt(takeaways.Count - 1);
                        else takeaways.Add($"Takeaway {takeaways.Count + 1}: watch {Pick(Companies)}");
                        break;
                }
            }
            return brief with { Stories = stories, Takeaways = takeaways };
        }

        private StoryDocument Story(DateOnly date)
        {
            var n = ++_stories;
            var (company, thing) = (Pick(Companies), Pick(Things));
            return new StoryDocument(
                $"{company} announces {thing} number {n}", Pick(Outlets), date, date.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
                $"{company} said on {date:d MMMM} that its {thing} plans are moving ahead, story {n} of the fault run.",
                $"It shows where {company} is heading with its {thing}.",
                [.. Enumerable.Range(0, random.Next(1, 5)).Select(k => $"https://example.org/{date:yyyyMMdd}/story-{n}/{k}")]);
        }

        private string Pick(string[] words) => words[random.Next(words.Length)];

        private void Write(BriefDocument brief)
        {
            _latest[brief.Date] = brief;
            File.WriteAllText(System.IO.Path.Combine(path, $"brief-{brief.Date:yyyy-MM-dd}.json"), BriefWriters.Json(brief));
        }
    }
}
