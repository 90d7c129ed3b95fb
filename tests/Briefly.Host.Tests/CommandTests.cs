using System.Text.Json;
using Briefly.Data;
using Briefly.Testing;

namespace Briefly.Host.Tests;

/// <summary>The command line, run as a real process against a real database.</summary>
public class CommandTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_seed_and_the_dev_corpus_come_out_of_briefs_json_as_written(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var work = new TempFolder();

        // The corpus folder also holds its README and label files, which are not briefs.
        string[] files = [SharedFiles.Seed, .. Directory.GetFiles(SharedFiles.DevCorpus, "brief-*.txt")];
        var ingest = await BrieflyProcess.RunAsync(database, work.Path, ["ingest", .. files]);
        Assert.True(ingest.ExitCode == 0, ingest.Errors);
        Assert.Contains("Briefs: 13 created, 0 updated, 0 unchanged, 0 rejected.", ingest.Output);

        var listed = await BrieflyProcess.RunAsync(database, work.Path, "briefs", "--json");
        Assert.True(listed.ExitCode == 0, listed.Errors);
        using var json = JsonDocument.Parse(listed.Output);
        var briefs = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(13, briefs.Count);

        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedFiles.DevCorpus, "expected.json")));
        foreach (var want in expected.RootElement.GetProperty("briefs").EnumerateArray())
        {
            var date = want.GetProperty("date").GetString();
            var got = Assert.Single(briefs, b => b.GetProperty("date").GetString() == date);
            Assert.Equal(want.GetProperty("takeaways").GetInt32(), got.GetProperty("takeaways").GetArrayLength());
            var wantStories = want.GetProperty("stories").EnumerateArray().ToList();
            var gotStories = got.GetProperty("stories").EnumerateArray().ToList();
            Assert.Equal(wantStories.Count, gotStories.Count);
            foreach (var (w, g) in wantStories.Zip(gotStories))
            {
                Assert.Equal(w.GetProperty("title").GetString(), g.GetProperty("title").GetString());
                Assert.Equal(w.GetProperty("source").GetString(), g.GetProperty("source").GetString());
                Assert.Equal(w.GetProperty("date").GetString(), g.GetProperty("date").GetString());
                Assert.Equal(Strings(w.GetProperty("citations")), Strings(g.GetProperty("citations")));
                Assert.StartsWith(w.GetProperty("summary_start").GetString()!, g.GetProperty("summary").GetString());
                Assert.True(g.GetProperty("id").GetInt64() > 0);
                Assert.False(string.IsNullOrWhiteSpace(g.GetProperty("whyItMatters").GetString()));
            }
        }

        var seed = Assert.Single(briefs, b => b.GetProperty("date").GetString() == "2026-04-29");
        Assert.Equal("China AI Update Brief — 29 April 2026", seed.GetProperty("title").GetString());
        Assert.Equal("2026-04-29T21:41", seed.GetProperty("postedAt").GetString());
        Assert.Equal(4, seed.GetProperty("takeaways").GetArrayLength());
        var seedStories = seed.GetProperty("stories").EnumerateArray().ToList();
        Assert.Equal(["29 Apr 2026", "29 Apr 2026", "Apr 2026", "28–29 Apr 2026", "29 Apr 2026"], seedStories.Select(s => s.GetProperty("dateText").GetString()));
        Assert.All(seedStories, s => Assert.Equal("2026-04-29", s.GetProperty("date").GetString()));

        var again = await BrieflyProcess.RunAsync(database, work.Path, ["ingest", .. files]);
        Assert.Contains("Briefs: 0 created, 0 updated, 13 unchanged, 0 rejected.", again.Output);
    }

    [Fact]
    public async Task Bad_files_are_rejected_by_name_and_line_and_the_good_ones_still_go_in()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        work.File("in/empty.txt", "");
        work.File("in/garbage.txt", "lorem ipsum dolor\nsit amet, nothing here looks like a brief\n");
        work.File("in/no-stories.txt", "China AI Update Brief — 3 May 2026\n\nPosted on May 3, 2026 at 09:00 PM\n\nTop Stories\n\nKey Takeaways\n\n  • Nothing happened\n");
        work.File("in/bad.json", "{\"title\": \"A brief\", \"date\": \"2026-05-03\", \"stories\": [{\"title\": 5}]}");
        File.WriteAllBytes(Path.Combine(work.Path, "in", "binary.txt"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]);
        using (var huge = File.Create(Path.Combine(work.Path, "in", "huge.txt"))) huge.SetLength(50L * 1024 * 1024);
        File.Copy(SharedFiles.Seed, Path.Combine(work.Path, "in", "seed.txt"));

        var result = await BrieflyProcess.RunAsync(database, work.Path, "ingest", "in", "missing-folder");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Briefs: 1 created, 0 updated, 0 unchanged, 7 rejected.", result.Output);
        Assert.Contains("in/empty.txt: empty", result.Errors);
        Assert.Contains("in/binary.txt: not text", result.Errors);
        Assert.Contains("in/huge.txt: too large: 52,428,800 bytes (50 MB); a brief may be at most 2,097,152 bytes (2 MB)", result.Errors);
        Assert.Matches(@"in/garbage\.txt(:\d+)?: ", result.Errors);
        Assert.Matches(@"in/no-stories\.txt(:\d+)?: .*no stories", result.Errors);
        Assert.Contains("in/bad.json $.stories[0]", result.Errors);
        Assert.Contains("missing-folder: no such file, folder or http(s) URL", result.Errors);

        await using var db = database.CreateContext();
        Assert.Equal(["China AI Update Brief — 29 April 2026"], db.Briefs.Select(b => b.Title).ToList());
    }

    [Fact]
    public async Task Briefs_without_json_is_a_table_and_an_empty_store_says_how_to_fill_it()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();

        var empty = await BrieflyProcess.RunAsync(database, work.Path, "briefs");
        Assert.Contains("No briefs stored yet", empty.Output);

        await BrieflyProcess.RunAsync(database, work.Path, "ingest", SharedFiles.Seed);
        var listed = await BrieflyProcess.RunAsync(database, work.Path, "briefs");
        Assert.Contains("2026-04-29   5 stories  China AI Update Brief — 29 April 2026", listed.Output);
    }

    [Fact]
    public async Task Wrong_settings_and_words_fail_with_the_key_or_word_named()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();

        var provider = await BrieflyProcess.RunAsync(database, work.Path, "briefs", "--Database:Provider=Oracle");
        Assert.NotEqual(0, provider.ExitCode);
        Assert.Contains("Database:Provider is 'Oracle'; expected one of: Sqlite, SqlServer, Postgres", provider.Errors);

        var word = await BrieflyProcess.RunAsync(database, work.Path, "frobnicate");
        Assert.Equal(2, word.ExitCode);
        Assert.Contains("unknown command 'frobnicate'", word.Errors);

        var flag = await BrieflyProcess.RunAsync(database, work.Path, "briefs", "--yaml");
        Assert.Equal(2, flag.ExitCode);
        Assert.Contains("briefs takes only --json, not '--yaml'", flag.Errors);
    }

    [Fact]
    public async Task Migrate_script_prints_the_SQL_Server_schema_without_a_server()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();

        var result = await BrieflyProcess.RunAsync(database, work.Path, "migrate", "--script",
            "--Database:Provider=SqlServer", "--ConnectionStrings:Briefly=Server=unused;Database=briefly");

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains("CREATE TABLE [Briefs]", result.Output);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Deliveries_ConversationId_BriefId]", result.Output);
    }

    [Fact]
    public async Task Ask_answers_as_the_bot_would_in_the_shape_other_tools_read()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        await BrieflyProcess.RunAsync(database, work.Path, ["ingest", .. Directory.GetFiles(SharedFiles.DevCorpus, "brief-*.txt")]);

        var answer = await BrieflyProcess.RunAsync(database, work.Path, "ask", "latest on Huawei chips", "--json");
        Assert.True(answer.ExitCode == 0, answer.Errors);
        using (var json = JsonDocument.Parse(answer.Output))
        {
            var root = json.RootElement;
            Assert.Equal(["question", "intent", "topic", "stories", "suggestions"], root.EnumerateObject().Select(p => p.Name));
            Assert.Equal(("latest on Huawei chips", "topic", "Huawei chips"),
                (root.GetProperty("question").GetString(), root.GetProperty("intent").GetString(), root.GetProperty("topic").GetString()));
            var first = root.GetProperty("stories")[0];
            Assert.Equal(["id", "title", "source", "date", "summary", "whyItMatters", "citations"], first.EnumerateObject().Select(p => p.Name));
            // The dev labels' latest story for this question: the first story of the 19 May brief.
            using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedFiles.DevCorpus, "expected.json")));
            var latest = expected.RootElement.GetProperty("briefs").EnumerateArray().Single(b => b.GetProperty("date").GetString() == "2026-05-19");
            Assert.Equal(latest.GetProperty("stories")[0].GetProperty("title").GetString(), first.GetProperty("title").GetString());
            Assert.InRange(root.GetProperty("stories").GetArrayLength(), 1, 5);
        }

        var explained = await BrieflyProcess.RunAsync(database, work.Path, "ask", "latest on Huawei chips", "--json", "--explain");
        using (var json = JsonDocument.Parse(explained.Output))
        {
            // The same answer, each story with its reasons: the stories were embedded at ingest, so meaning is measured.
            var why = json.RootElement.GetProperty("stories")[0].GetProperty("why");
            Assert.Equal("squarely", why.GetProperty("verdict").GetString());
            Assert.Contains("huawei", Strings(why.GetProperty("words")));
            Assert.InRange(why.GetProperty("meaning").GetSingle(), 0.3f, 1f);
            Assert.StartsWith("words", why.GetProperty("foundBy").GetString());
        }

        var none = await BrieflyProcess.RunAsync(database, work.Path, "ask", "any news on quantum computing in china?", "--json");
        using (var json = JsonDocument.Parse(none.Output))
        {
            Assert.Equal(0, json.RootElement.GetProperty("stories").GetArrayLength());
            Assert.NotEqual(0, json.RootElement.GetProperty("suggestions").GetArrayLength());
        }

        var news = await BrieflyProcess.RunAsync(database, work.Path, "ask", "what's new?", "--json");
        using (var json = JsonDocument.Parse(news.Output))
        {
            // The newest brief, whole: a day's brief, not help.
            Assert.Equal("date", json.RootElement.GetProperty("intent").GetString());
            Assert.NotEqual(0, json.RootElement.GetProperty("stories").GetArrayLength());
        }

        var text = await BrieflyProcess.RunAsync(database, work.Path, "ask", "brief for 12 May 2026");
        Assert.StartsWith("China AI Update Brief — 12 May 2026", text.Output);
    }

    private static List<string?> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString())];
}
