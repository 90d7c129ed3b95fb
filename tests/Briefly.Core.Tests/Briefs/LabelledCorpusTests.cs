using System.Globalization;
using System.Text.Json;
using Briefly.Core.Briefs;

namespace Briefly.Core.Tests.Briefs;

/// <summary>
/// Every brief of the labelled corpora, read in place, against each corpus's own expected.json: the dev corpus, and the
/// seven sets written for the project (tests/corpora) in the same layouts (their noisy, Markdown and separate-fields briefs
/// were written without sight of the parser).
/// </summary>
public sealed class LabelledCorpusTests
{
    private static readonly Dictionary<string, string> Folders = new()
    {
        ["dev"] = SharedFiles.DevCorpus,
        ["practice"] = RepositoryFiles.Path("tests", "corpora", "practice"),
        ["check"] = RepositoryFiles.Path("tests", "corpora", "check"),
        ["final"] = RepositoryFiles.Path("tests", "corpora", "final"),
        ["september"] = RepositoryFiles.Path("tests", "corpora", "september"),
        ["october"] = RepositoryFiles.Path("tests", "corpora", "october"),
        ["november"] = RepositoryFiles.Path("tests", "corpora", "november"),
        ["biotech"] = RepositoryFiles.Path("tests", "corpora", "biotech"),
    };

    public static TheoryData<string> Corpora() => [.. Folders.Keys];

    public static TheoryData<string, string> Files()
    {
        var files = new TheoryData<string, string>();
        foreach (var corpus in Folders.Keys)
            foreach (var file in FileNames(corpus)) files.Add(corpus, file);
        return files;
    }

    private static string[] FileNames(string corpus) =>
        Expected(corpus).GetProperty("briefs").EnumerateArray().Select(b => b.GetProperty("file").GetString()!).ToArray();

    [Theory]
    [MemberData(nameof(Corpora))]
    public void The_expected_file_covers_every_brief_in_the_folder(string corpus)
    {
        var listed = FileNames(corpus).Order().ToArray();
        var onDisk = Directory.GetFiles(Folders[corpus], "brief-*.txt").Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(onDisk, listed);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Brief_matches_expected_field_for_field(string corpus, string file)
    {
        var expected = Expected(corpus).GetProperty("briefs").EnumerateArray().Single(b => b.GetProperty("file").GetString() == file);

        var result = BriefParser.Parse(File.ReadAllText(Path.Combine(Folders[corpus], file)));

        var brief = BriefAssert.Succeeded(result);
        Assert.Equal(DateOnly.Parse(expected.GetProperty("date").GetString()!, CultureInfo.InvariantCulture), brief.Date);
        Assert.Equal(expected.GetProperty("takeaways").GetInt32(), brief.Takeaways.Count);
        var stories = expected.GetProperty("stories").EnumerateArray().ToArray();
        Assert.Equal(stories.Length, brief.Stories.Count);
        for (var i = 0; i < stories.Length; i++)
        {
            var want = stories[i];
            var got = brief.Stories[i];
            var where = $"{corpus}/{file}#{i + 1}";
            Assert.True(want.GetProperty("title").GetString() == got.Title, $"{where} title: {got.Title}");
            Assert.True(want.GetProperty("source").GetString() == got.Source, $"{where} source: {got.Source}");
            Assert.True(DateOnly.Parse(want.GetProperty("date").GetString()!, CultureInfo.InvariantCulture) == got.Date, $"{where} date: {got.Date:yyyy-MM-dd} from \"{got.DateText}\"");
            Assert.Equal(want.GetProperty("citations").EnumerateArray().Select(c => c.GetString()!).ToArray(), got.Citations.ToArray());
            Assert.True(got.Summary.StartsWith(want.GetProperty("summary_start").GetString()!, StringComparison.Ordinal), $"{where} summary: {got.Summary}");
            Assert.False(string.IsNullOrWhiteSpace(got.WhyItMatters), $"{where} has no why-it-matters");
        }
    }

    [Fact]
    public void Noisy_brief_keeps_smart_quotes_and_plain_spaces()
    {
        var brief = BriefAssert.Succeeded(BriefParser.Parse(File.ReadAllText(Path.Combine(SharedFiles.DevCorpus, "brief-2026-05-07.txt"))));

        Assert.Equal("China AI Update Brief — 7 May 2026", brief.Title);
        Assert.Equal(new DateTime(2026, 5, 7, 22, 14, 0), brief.PostedAt);
        Assert.Equal("6–7 May 2026", brief.Stories[0].DateText);
        Assert.Equal("7 May 2026", brief.Stories[1].DateText);
        Assert.Equal("", brief.Stories[3].DateText);
        Assert.Contains("Cambricon’s", brief.Stories[3].Title, StringComparison.Ordinal);
        Assert.Contains("4 billion yuan", brief.Stories[3].Summary, StringComparison.Ordinal);
        Assert.Equal("Alibaba and ByteDance are racing to turn assistants into everyday platforms", brief.Takeaways[1]);
        foreach (var story in brief.Stories)
        {
            Assert.DoesNotContain('\u00A0', story.Title + story.Source + story.DateText + story.Summary + story.WhyItMatters);
            Assert.Equal(story.Title.Trim(), story.Title);
        }
    }

    [Fact]
    public void Markdown_brief_reads_links_and_headings()
    {
        var brief = BriefAssert.Succeeded(BriefParser.Parse(File.ReadAllText(Path.Combine(SharedFiles.DevCorpus, "brief-2026-05-05.txt"))));

        Assert.Equal("China AI Update Brief — 5 May 2026", brief.Title);
        Assert.Equal(new DateTime(2026, 5, 5, 21, 3, 0), brief.PostedAt);
        Assert.DoesNotContain(brief.Stories, s => s.Title.Contains("Takeaways", StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith("A working domestic immersion scanner", brief.Stories[0].WhyItMatters, StringComparison.Ordinal);
        Assert.Equal("Domestic lithography is inching forward while ASML’s China business shrinks", brief.Takeaways[0]);
    }

    private static JsonElement Expected(string corpus)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folders[corpus], "expected.json")));
        return document.RootElement.Clone();
    }
}
