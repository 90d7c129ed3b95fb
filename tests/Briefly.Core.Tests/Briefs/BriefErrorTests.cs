using Briefly.Core.Briefs;

namespace Briefly.Core.Tests.Briefs;

/// <summary>Each rule a brief can break comes back as an error with the original line and the rule.</summary>
public sealed class BriefErrorTests
{
    private const string GoodStory = "Source: AP — 29 Apr 2026 Summary: S. Why It Matters: W. Citation URL: https://apnews.com/a";

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t\r\n  ")]
    [InlineData("\u00A0\u2003\n\u200B\n")]
    public void Empty_text(string text)
    {
        var error = Assert.Single(BriefAssert.Failed(BriefParser.Parse(text)));

        Assert.Equal(1, error.Line);
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_title_when_the_brief_starts_with_a_story()
    {
        var errors = BriefAssert.Failed(BriefParser.Parse($"\n\nStory one\n{GoodStory}\n"));

        var error = Assert.Single(errors, e => e.Message.StartsWith("no title", StringComparison.Ordinal));
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void No_date_for_the_brief()
    {
        var errors = BriefAssert.Failed(BriefParser.Parse($"Evening Brief\n\nStory one\n\n{GoodStory}\n"));

        var error = Assert.Single(errors);
        Assert.Equal(1, error.Line);
        Assert.StartsWith("no date found for the brief", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_stories()
    {
        var errors = BriefAssert.Failed(BriefParser.Parse("Brief — 29 April 2026\nPosted on April 29, 2026 at 09:41 PM\n\nTop Stories\n\nKey Takeaways\n  • One\n"));

        var error = Assert.Single(errors);
        Assert.Equal("no stories found: expected a story title followed by a \"Source:\" line", error.Message);
    }

    [Fact]
    public void Story_with_no_title()
    {
        var errors = BriefAssert.Failed(BriefParser.Parse($"Brief — 29 April 2026\n\nTop Stories\n\n{GoodStory}\n"));

        var error = Assert.Single(errors);
        Assert.Equal(5, error.Line);
        Assert.StartsWith("story 1 has no title", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Story_with_no_source_summary_or_citation_names_the_story_and_its_line()
    {
        const string text = """
            Brief — 29 April 2026

            Complete story
            Source: AP — 29 Apr 2026 Summary: S. Citation URL: https://apnews.com/a

            Story without a source
            Summary: S. Citation URL: https://apnews.com/b

            ## Story without a summary
            Source: AP — 29 Apr 2026
            Citation URL: https://apnews.com/c

            ## Story without a citation
            Source: AP — 29 Apr 2026
            Summary: S.
            """;

        var errors = BriefAssert.Failed(BriefParser.Parse(text));

        Assert.Equal(
            [
                (6, "story 2 \"Story without a source\" has no source"),
                (9, "story 3 \"Story without a summary\" has no summary"),
                (13, "story 4 \"Story without a citation\" has no citation"),
            ],
            errors.Select(e => (e.Line ?? 0, e.Message[..e.Message.IndexOf(':', StringComparison.Ordinal)])));
    }

    [Theory]
    [InlineData("www.reuters.com/a", "www.reuters.com/a")]
    [InlineData("ftp://files.example.com/a", "ftp://files.example.com/a")]
    [InlineData("https://", "https://")]
    [InlineData("https://bad..host/a", "https://bad..host/a")]
    [InlineData("http:/reuters.com/a", "http:/reuters.com/a")]
    public void Invalid_citation_url(string citation, string reported)
    {
        var errors = BriefAssert.Failed(BriefParser.Parse($"Brief — 29 April 2026\n\nStory\nSource: AP Summary: S.\nCitation URL: https://apnews.com/ok {citation}\n"));

        var error = Assert.Single(errors);
        Assert.Equal(5, error.Line);
        Assert.Equal($"story 1 \"Story\": citation \"{reported}\" is not an absolute http(s) URL", error.Message);
    }

    [Theory]
    [InlineData("31 Feb 2026")]
    [InlineData("29 Aprl 2026")]
    [InlineData("Apr 31")]
    [InlineData("29–28–27 Apr 2026")]
    public void Unreadable_story_date(string date)
    {
        var errors = BriefAssert.Failed(BriefParser.Parse($"Brief — 29 April 2026\n\nStory\n\nSource: AP — {date} Summary: S. Citation URL: https://apnews.com/a\n"));

        var error = Assert.Single(errors);
        Assert.Equal(5, error.Line);
        Assert.Contains($"the date \"{date}\" is not a date that can be read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_brief_and_posted_dates()
    {
        var errors = BriefAssert.Failed(BriefParser.Parse($"Brief — 30 February 2026\nPosted on February 30, 2026 at 25:99 PM\n\nStory\n{GoodStory}\n"));

        Assert.Equal([1, 2], errors.Select(e => e.Line ?? 0).Order());
        Assert.Contains(errors, e => e.Message.Contains("the title's date \"30 February 2026\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("Posted on April 29, 2026 at 09:41 PM", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_error_is_reported_with_lines_of_the_original_crlf_text()
    {
        var text = "Brief — 29 April 2026\r\n\r\nOne\r\nSource: AP Summary: S. Citation URL: www.a.com\r\n\r\n\r\nTwo\r\nSource: AP — 31 Apr 2026 Summary: S. Citation URL: https://b.com\r\n";

        var errors = BriefAssert.Failed(BriefParser.Parse(text));

        Assert.Equal([4, 8], errors.Select(e => e.Line ?? 0));
        Assert.Equal("brief.txt:4: story 1 \"One\": citation \"www.a.com\" is not an absolute http(s) URL", errors[0].Describe("brief.txt"));
    }

    [Theory]
    [InlineData("the quick brown fox jumps over the lazy dog")]
    [InlineData("lorem ipsum\ndolor sit amet\n\nconsectetur: adipiscing\n- elit")]
    [InlineData("\u0001\u0002\u0003\u00FF\uFFFD\u0000PK\u0003\u0004\u0014\u0000\u0006\u0000\b\u0000\u0000\u0000!\u0000")]
    [InlineData("}{][<>:::::----****####")]
    [InlineData("<<<<<<<<")]
    [InlineData("[[[[[[[[[[")]
    [InlineData("{\"title\": ")]
    public void Garbage_gives_errors_not_a_brief(string text)
    {
        foreach (var format in Enum.GetValues<BriefFormat>())
        {
            var result = BriefParser.ParseUnguarded(text, format);
            BriefAssert.Failed(result);
        }
    }
}
