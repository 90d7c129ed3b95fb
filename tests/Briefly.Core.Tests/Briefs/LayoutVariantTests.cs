using Briefly.Core.Briefs;

namespace Briefly.Core.Tests.Briefs;

/// <summary>Layouts nobody showed the parser: it reads the structure of a brief, not one file.</summary>
public sealed class LayoutVariantTests
{
    [Fact]
    public void Fields_on_their_own_lines_with_label_variants_numbering_and_a_date_field()
    {
        const string text = """
            Tech Policy Brief: May 5, 2026
            *Posted on 5 May 2026 at 21:41*

            1) Beijing drafts rules for AI companions
            Sources: CAC / SCMP
            Date: Apr 30 – May 1, 2026
            summary: The regulator published draft rules.
            They cover minors and time limits.
            Why this matters: Companion apps are growing fast.
            Citations:
            - https://www.cac.gov.cn/2026-05/01/c_1.htm.
            - <https://www.scmp.com/tech/policy/article/1>
            - Reuters: https://www.reuters.com/world/china/x-2026-05-01/, https://www.cac.gov.cn/2026-05/01/c_1.htm

            2) Chip tool maker lists in Shanghai
            SOURCE: Yicai, 4 May 2026
            SUMMARY: Shares rose 40% on debut.
            WHY IT MATTERS: Capital keeps flowing to domestic toolmakers.
            LINKS: https://www.yicai.com/news/a (see https://en.wikipedia.org/wiki/STAR_Market_(Shanghai)).

            Key takeaways:
            * Rules for companions are coming
            * Toolmakers can raise money
              on the STAR Market
            """;

        var brief = BriefAssert.Succeeded(BriefParser.Parse(text));

        Assert.Equal("Tech Policy Brief: May 5, 2026", brief.Title);
        Assert.Equal(new DateOnly(2026, 5, 5), brief.Date);
        Assert.Equal(new DateTime(2026, 5, 5, 21, 41, 0), brief.PostedAt);
        var first = brief.Stories[0];
        Assert.Equal("Beijing drafts rules for AI companions", first.Title);
        Assert.Equal("CAC / SCMP", first.Source);
        Assert.Equal("Apr 30 – May 1, 2026", first.DateText);
        Assert.Equal(new DateOnly(2026, 5, 1), first.Date);
        Assert.Equal("The regulator published draft rules. They cover minors and time limits.", first.Summary);
        Assert.Equal("Companion apps are growing fast.", first.WhyItMatters);
        Assert.Equal(
            ["https://www.cac.gov.cn/2026-05/01/c_1.htm", "https://www.scmp.com/tech/policy/article/1", "https://www.reuters.com/world/china/x-2026-05-01/"],
            first.Citations);
        var second = brief.Stories[1];
        Assert.Equal(("Yicai", "4 May 2026", new DateOnly(2026, 5, 4)), (second.Source, second.DateText, second.Date));
        Assert.Equal(["https://www.yicai.com/news/a", "https://en.wikipedia.org/wiki/STAR_Market_(Shanghai)"], second.Citations);
        Assert.Equal(["Rules for companions are coming", "Toolmakers can raise money on the STAR Market"], brief.Takeaways);
    }

    [Fact]
    public void Markdown_with_headings_bold_titles_paragraphs_and_links_in_prose()
    {
        const string text = """
            # Chip Watch — 2026-05-05

            Good evening. Here is what moved today.

            ### **SMIC adds capacity**

            **Source:** [Caixin](https://www.caixinglobal.com/) — 5 May 2026

            **Summary:** SMIC is adding 7nm lines, [Caixin reported](https://www.caixinglobal.com/a).

            The lines will serve Huawei first.

            **Why It Matters:** More domestic capacity.

            **Citation URL:** [Caixin](https://www.caixinglobal.com/a)

            ***

            **Huawei ships Ascend 950**

            **Source:** Reuters — 5 May 2026
            **Summary:** Volume shipments began.
            **Why It Matters:** Demand is high.
            **Citation URL:** https://www.reuters.com/b

            ## Takeaways
            1. Capacity is growing
            2. Shipments are starting
            """;

        var brief = BriefAssert.Succeeded(BriefParser.Parse(text));

        Assert.Equal("Chip Watch — 2026-05-05", brief.Title);
        Assert.Equal(new DateOnly(2026, 5, 5), brief.Date);
        Assert.Null(brief.PostedAt);
        Assert.Equal(["SMIC adds capacity", "Huawei ships Ascend 950"], brief.Stories.Select(s => s.Title));
        Assert.Equal("Caixin", brief.Stories[0].Source);
        // Separate paragraphs stay separate, with a blank line between them.
        Assert.Equal("SMIC is adding 7nm lines, Caixin reported.\n\nThe lines will serve Huawei first.", brief.Stories[0].Summary);
        Assert.Equal(["https://www.caixinglobal.com/a"], brief.Stories[0].Citations);
        Assert.Equal(["Capacity is growing", "Shipments are starting"], brief.Takeaways);
    }

    [Fact]
    public void Plain_takeaway_lines_count_when_the_section_has_no_bullets()
    {
        var brief = BriefAssert.Succeeded(BriefParser.Parse("""
            Daily Brief — 1 June 2026

            Story one

            Source: AP — 1 Jun 2026 Summary: Text. Citation URL: https://apnews.com/a

            Key Takeaways

            First point

            Second point
            """));

        Assert.Equal(["First point", "Second point"], brief.Takeaways);
        Assert.Equal("", brief.Stories[0].WhyItMatters);
    }

    [Fact]
    public void A_heading_after_the_takeaways_ends_them_and_is_no_story()
    {
        var brief = BriefAssert.Succeeded(BriefParser.Parse("""
            # Daily Brief — 1 June 2026

            ## Story one
            **Source:** AP — 1 Jun 2026
            **Summary:** Text.
            **Citation URL:** https://apnews.com/a

            ## Key Takeaways
            - First point

            ## About this newsletter
            Written by the desk. Subscribe for more.
            """));

        Assert.Single(brief.Stories);
        Assert.Equal(["First point"], brief.Takeaways);
    }

    [Fact]
    public void A_heading_among_the_stories_without_fields_is_reported()
    {
        var errors = BriefAssert.Failed(BriefParser.Parse("""
            # Daily Brief — 1 June 2026

            ## Story one
            **Source:** AP — 1 Jun 2026
            **Summary:** Text.
            **Citation URL:** https://apnews.com/a

            ## Story two
            Only a paragraph, no fields.
            """));

        Assert.Equal(["story 2 \"Story two\" has no source", "story 2 \"Story two\" has no citation"],
            errors.Select(e => e.Message[..e.Message.IndexOf(':', StringComparison.Ordinal)]));
        Assert.All(errors, e => Assert.Equal(8, e.Line));
    }

    [Fact]
    public void Title_date_may_be_missing_when_a_posted_on_line_has_it()
    {
        var brief = BriefAssert.Succeeded(BriefParser.Parse("""
            Evening Brief
            Posted: 2026-05-19 07:05
            Story one
            Source: AP — 18 May Summary: Text. Citation URL: https://apnews.com/a
            """));

        Assert.Equal(new DateOnly(2026, 5, 19), brief.Date);
        Assert.Equal(new DateTime(2026, 5, 19, 7, 5, 0), brief.PostedAt);
        // A date without a year takes the brief's.
        Assert.Equal(new DateOnly(2026, 5, 18), brief.Stories[0].Date);
        Assert.Empty(brief.Takeaways);
    }

    [Theory]
    [InlineData("Posted on April 29, 2026 at 09:41 PM", 21, 41)]
    [InlineData("*Posted on April 29, 2026 at 9:41 pm*", 21, 41)]
    [InlineData("Posted on April 29, 2026 at 12:05 AM", 0, 5)]
    [InlineData("Posted on 29 April 2026 at 21:41", 21, 41)]
    [InlineData("Posted on April\u00A029,\u00A02026 at 09:41\u00A0PM", 21, 41)]
    [InlineData("_Published: Wednesday, April 29, 2026, 21:41_", 21, 41)]
    [InlineData("Posted on 2026-04-29T21:41", 21, 41)]
    public void Posted_on_line_forms(string line, int hour, int minute)
    {
        var brief = BriefAssert.Succeeded(BriefParser.Parse($"Brief — 29 April 2026\n{line}\n\nStory\nSource: AP Summary: S. Citation URL: https://apnews.com/a\n"));

        Assert.Equal(new DateTime(2026, 4, 29, hour, minute, 0), brief.PostedAt);
    }

    [Fact]
    public void Source_and_date_separators_of_any_dash_kind()
    {
        foreach (var dash in new[] { "—", "–", "-", "‑", "―" })
        {
            var brief = BriefAssert.Succeeded(BriefParser.Parse(
                $"Brief — 29 April 2026\n\nStory\n\nSource: Dow Jones - MarketWatch {dash} 28–29 Apr 2026 Summary: S. Citation URL: https://a.com/x\n"));

            Assert.Equal("Dow Jones - MarketWatch", brief.Stories[0].Source);
            Assert.Equal("28–29 Apr 2026", brief.Stories[0].DateText);
        }
    }
}
