using Briefly.Core.Briefs;

namespace Briefly.Core.Tests.Briefs;

/// <summary>The API's own JSON shape: round trips, derived dates, and errors named by JSON path.</summary>
public sealed class JsonBriefTests
{
    private static readonly BriefDocument Brief = new(
        "Chip Watch — 5 May 2026",
        new DateOnly(2026, 5, 5),
        new DateTime(2026, 5, 5, 21, 41, 0),
        [
            new StoryDocument("Huawei’s chips ship", "Reuters / Caixin", new DateOnly(2026, 5, 5), "4–5 May 2026",
                "First paragraph.\n\nSecond “quoted” paragraph.", "Supply grows.",
                ["https://www.reuters.com/a", "https://www.caixinglobal.com/b?x=1&y=2"]),
            new StoryDocument("SMIC lines", "DigiTimes", new DateOnly(2026, 5, 5), "Apr 2026", "More capacity.", "", ["https://www.digitimes.com/n"]),
            new StoryDocument("No date written", "Yicai", new DateOnly(2026, 5, 5), "", "S.", "W.", ["https://www.yicai.com/c"]),
        ],
        ["Supply grows", "Clouds buy"]);

    [Fact]
    public void A_built_brief_round_trips()
    {
        var json = BriefWriters.Json(Brief);

        BriefAssert.Same(Brief, BriefAssert.Succeeded(BriefParser.Parse(json)));
        BriefAssert.Same(Brief, BriefAssert.Succeeded(BriefParser.Parse(json, BriefFormat.Json)));
        BriefAssert.Same(Brief, BriefAssert.Succeeded(BriefParser.Parse(BriefWriters.Json(Brief, withStoryDates: false))));
    }

    [Fact]
    public void Null_posted_at_and_missing_optional_fields()
    {
        const string json = """
            {"title": "Brief", "date": "2026-05-05", "postedAt": null,
             "stories": [{"title": "T", "source": "AP", "dateText": "4 May 2026", "summary": "  S.\r\n  more ", "citations": ["https://apnews.com/a", "https://apnews.com/a"]}]}
            """;

        var brief = BriefAssert.Succeeded(BriefParser.Parse(json));

        Assert.Null(brief.PostedAt);
        Assert.Empty(brief.Takeaways);
        var story = Assert.Single(brief.Stories);
        Assert.Equal((new DateOnly(2026, 5, 4), "S. more", "", 1), (story.Date, story.Summary, story.WhyItMatters, story.Citations.Count));
    }

    [Fact]
    public void Errors_name_their_json_path()
    {
        const string json = """
            {"title": "", "date": "5 May 2026", "postedAt": "2026-05-05 21:41", "takeaways": ["ok", 3],
             "stories": [
               {"id": 1, "title": "A", "source": "AP", "summary": "S.", "citations": ["https://apnews.com/a"]},
               {"id": 2, "title": "B", "summary": 5, "citations": []},
               {"id": 3, "title": "C", "source": "AP", "summary": "S.", "dateText": "31 Feb 2026", "date": null,
                "citations": ["www.reuters.com/x", "https://ok.example.com/"]},
               "not a story"
             ]}
            """;

        var errors = BriefAssert.Failed(BriefParser.Parse(json));

        Assert.Equal(
            [
                "$.title: empty: expected a non-empty string",
                "$.postedAt: expected a local time \"yyyy-MM-ddTHH:mm\" or null",
                "$.date: expected a day as \"yyyy-MM-dd\"",
                "$.takeaways[1]: expected a non-empty string",
                "$.stories[1].source: missing: expected a non-empty string",
                "$.stories[1].summary: expected a non-empty string, found a number",
                "$.stories[1].citations: no citation: expected at least one http(s) URL",
                "$.stories[2].dateText: \"31 Feb 2026\" is not a date that can be read; write it like \"29 Apr 2026\", \"28–29 Apr 2026\" or \"Apr 2026\"",
                "$.stories[2].citations[0]: not an absolute http(s) URL",
                "$.stories[3]: expected a story object, found a string",
            ],
            errors.Select(e => $"{e.JsonPath}: {e.Message}"));
        Assert.All(errors, e => Assert.Null(e.Line));
    }

    [Fact]
    public void An_array_is_not_a_brief()
    {
        var error = Assert.Single(BriefAssert.Failed(BriefParser.Parse($"[{BriefWriters.Json(Brief)}]")));

        Assert.Equal("$", error.JsonPath);
        Assert.Contains("one brief per document", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_json_reports_its_line()
    {
        var error = Assert.Single(BriefAssert.Failed(BriefParser.Parse("{\n  \"title\": \"x\",\n  \"date\": 2026-05-05\n}")));

        Assert.Equal(3, error.Line);
        Assert.StartsWith("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Brief_date_falls_back_to_the_title()
    {
        const string json = """{"title": "Brief — 5 May 2026", "stories": [{"title": "T", "source": "AP", "summary": "S.", "citations": ["https://a.com/"]}]}""";

        Assert.Equal(new DateOnly(2026, 5, 5), BriefAssert.Succeeded(BriefParser.Parse(json)).Date);
    }
}
