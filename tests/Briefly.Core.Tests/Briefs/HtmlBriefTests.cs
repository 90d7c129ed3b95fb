using Briefly.Core.Briefs;

namespace Briefly.Core.Tests.Briefs;

/// <summary>The same brief as the body of a post or a whole page: HTML becomes lines, then the text rules apply.</summary>
public sealed class HtmlBriefTests
{
    private const string Page = """
        <!DOCTYPE html>
        <html>
        <head><title>Chip Watch</title><script>var h1 = "<h1>not this</h1>";</script></head>
        <body>
          <div class="masthead"><h1>Example Blog</h1></div>
          <main>
            <article>
              <header>
                <h1>Chip Watch &mdash; 5&nbsp;May&nbsp;2026</h1>
                <p class="meta"><i>Posted on May&nbsp;5, 2026 at 08:15&nbsp;PM</i></p>
              </header>
              <h2>Top Stories</h2>
              <h3>Huawei&#8217;s Ascend 950 ships &amp; sells out</h3>
              <p><strong>Source:</strong> <a href="https://www.reuters.com/">Reuters</a> / Caixin &ndash; 4&ndash;5 May 2026</p>
              <p><strong>Summary:</strong> Huawei began shipping<br>
                 its new accelerator &ldquo;in volume&rdquo;.</p>
              <p>Buyers include <a href="https://example.com/cloud">three clouds</a>.</p>
              <p><strong>Why It Matters:</strong> Domestic supply&nbsp;grows.</p>
              <p><strong>Citation URL:</strong></p>
              <ul>
                <li><a href="https://www.reuters.com/technology/huawei-ascend-2026-05-05/">https://www.reuters.com/technology/huawei-ascend-2026-05-05/</a></li>
                <li>Also confirmed: <a href="https://www.caixinglobal.com/2026-05-05/ascend.html?a=1&amp;b=2">Caixin Global</a></li>
              </ul>
              <hr>
              <p><strong>SMIC expands N+3 lines</strong></p>
              <p><strong>Source:</strong> DigiTimes &mdash; Apr 2026 <strong>Summary:</strong> More capacity. <strong>Why It Matters:</strong> Supply. <strong>Citation URL:</strong> <a href="https://www.digitimes.com/n">DigiTimes</a></p>
              <h2>Key Takeaways</h2>
              <ol><li>Supply grows</li><li><p>Clouds buy</p></li></ol>
            </article>
          </main>
          <aside><h2>Related</h2><p>Source: somewhere</p></aside>
          <footer><p>Source: our own site</p></footer>
        </body>
        </html>
        """;

    [Fact]
    public void Page_reads_as_its_article_with_entities_links_and_lists()
    {
        var brief = BriefAssert.Succeeded(BriefParser.Parse(Page));

        Assert.Equal("Chip Watch — 5 May 2026", brief.Title);
        Assert.Equal(new DateOnly(2026, 5, 5), brief.Date);
        Assert.Equal(new DateTime(2026, 5, 5, 20, 15, 0), brief.PostedAt);
        Assert.Equal(["Huawei’s Ascend 950 ships & sells out", "SMIC expands N+3 lines"], brief.Stories.Select(s => s.Title));

        var first = brief.Stories[0];
        Assert.Equal(("Reuters / Caixin", "4–5 May 2026", new DateOnly(2026, 5, 5)), (first.Source, first.DateText, first.Date));
        Assert.Equal("Huawei began shipping its new accelerator “in volume”.\n\nBuyers include three clouds.", first.Summary);
        Assert.Equal("Domestic supply grows.", first.WhyItMatters);
        Assert.Equal(
            ["https://www.reuters.com/technology/huawei-ascend-2026-05-05/", "https://www.caixinglobal.com/2026-05-05/ascend.html?a=1&b=2"],
            first.Citations);

        var second = brief.Stories[1];
        Assert.Equal(("DigiTimes", "Apr 2026", new DateOnly(2026, 5, 5)), (second.Source, second.DateText, second.Date));
        Assert.Equal(["https://www.digitimes.com/n"], second.Citations);
        Assert.Equal(["Supply grows", "Clouds buy"], brief.Takeaways);
    }

    [Fact]
    public void Feed_item_body_without_a_document_is_detected_as_html()
    {
        const string body = "China AI Update Brief — 29 April 2026<br/>\n<p>Deal struck</p><p>Source: AP — 29 Apr 2026 Summary: Text &amp; more. Citation URL: <a href=\"https://apnews.com/a\">AP</a></p>";

        var brief = BriefAssert.Succeeded(BriefParser.Parse(body));

        Assert.Equal("Deal struck", brief.Stories[0].Title);
        Assert.Equal("Text & more.", brief.Stories[0].Summary);
        Assert.Equal(["https://apnews.com/a"], brief.Stories[0].Citations);
    }

    [Fact]
    public void Seed_rendered_as_html_reads_back_the_same()
    {
        var seed = BriefAssert.Succeeded(BriefParser.Parse(File.ReadAllText(SharedFiles.Seed)));

        BriefAssert.Same(seed, BriefAssert.Succeeded(BriefParser.Parse(BriefWriters.Html(seed), BriefFormat.Html)));
    }

    [Fact]
    public void Errors_point_at_lines_of_the_html()
    {
        const string html = "<html><body>\n<h1>Brief — 5 May 2026</h1>\n<h2>Story</h2>\n<p>Source: AP — 5 May 2026</p>\n<p>Summary: S.</p>\n<p>Citation URL: <a href=\"/relative\">link</a></p>\n</body></html>";

        var error = Assert.Single(BriefAssert.Failed(BriefParser.Parse(html)));

        Assert.Equal(3, error.Line);
        Assert.StartsWith("story 1 \"Story\" has no citation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_markup_is_read_without_recursion()
    {
        var html = "<h1>Brief — 5 May 2026</h1>" + string.Concat(Enumerable.Repeat("<div><span>", 50_000)) + "x";

        BriefAssert.Failed(BriefParser.ParseUnguarded(html, BriefFormat.Html));
    }
}
