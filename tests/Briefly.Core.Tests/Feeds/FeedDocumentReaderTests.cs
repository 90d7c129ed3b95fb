using Briefly.Core.Feeds;

namespace Briefly.Core.Tests.Feeds;

public class FeedDocumentReaderTests
{
    private const string RssWithContentEncoded = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
          <channel>
            <title>China AI Update</title>
            <link>https://briefs.example.org/</link>
            <description>Daily briefs</description>
            <item>
              <title>China AI Update Brief — 29 April 2026</title>
              <link>https://briefs.example.org/2026-04-29</link>
              <guid isPermaLink="false">brief-2026-04-29</guid>
              <pubDate>Wed, 29 Apr 2026 08:00:00 +0800</pubDate>
              <description>A short teaser.</description>
              <content:encoded><![CDATA[<h1>China AI Update Brief</h1><p>Huawei ships Ascend chips.</p>]]></content:encoded>
            </item>
            <item>
              <title>China AI Update Brief — 28 April 2026</title>
              <link>https://briefs.example.org/2026-04-28</link>
              <guid isPermaLink="false">brief-2026-04-28</guid>
              <pubDate>Tue, 28 Apr 2026 08:00:00 GMT</pubDate>
              <content:encoded><![CDATA[<p>Yesterday's brief.</p>]]></content:encoded>
            </item>
          </channel>
        </rss>
        """;

    private const string RssWithDescriptionOnly = """
        <rss version="2.0">
          <channel>
            <title>Plain briefs</title>
            <item>
              <title>Brief one</title>
              <guid>https://briefs.example.org/one</guid>
              <description>China AI Update Brief
        Posted on 29 April 2026

        Key Takeaways
        - Chips matter</description>
            </item>
            <item>
              <title>Brief two</title>
              <guid>https://briefs.example.org/two</guid>
              <description>&lt;p&gt;Escaped &lt;b&gt;HTML&lt;/b&gt; brief&lt;/p&gt;</description>
            </item>
          </channel>
        </rss>
        """;

    private const string AtomFeed = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <title>Briefs</title>
          <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
          <updated>2026-04-29T08:00:00Z</updated>
          <entry>
            <title type="html">Chips &amp;amp; models</title>
            <link rel="alternate" type="text/html" href="https://briefs.example.org/atom/1"/>
            <link rel="edit" href="https://briefs.example.org/edit/1"/>
            <id>tag:briefs.example.org,2026:1</id>
            <published>2026-04-29T08:00:00+08:00</published>
            <updated>2026-04-29T09:00:00+08:00</updated>
            <summary>Teaser only</summary>
            <content type="html">&lt;h2&gt;Chips&lt;/h2&gt;&lt;p&gt;Huawei &amp;amp; SMIC.&lt;/p&gt;</content>
          </entry>
          <entry>
            <title>Plain</title>
            <link href="https://briefs.example.org/atom/2"/>
            <id>tag:briefs.example.org,2026:2</id>
            <updated>2026-04-28T08:00:00Z</updated>
            <content type="text">Title line
        Source: Reuters — 28 April 2026</content>
          </entry>
          <entry>
            <title>Xhtml</title>
            <id>tag:briefs.example.org,2026:3</id>
            <updated>2026-04-27T08:00:00Z</updated>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Bold <b>move</b></p></div></content>
          </entry>
          <entry>
            <title>Summary only</title>
            <id>tag:briefs.example.org,2026:4</id>
            <updated>2026-04-26T08:00:00Z</updated>
            <summary type="html">&lt;p&gt;From the summary&lt;/p&gt;</summary>
          </entry>
        </feed>
        """;

    private const string JsonFeed = """
        {
          "version": "https://jsonfeed.org/version/1.1",
          "title": "Briefs",
          "items": [
            {
              "id": "json-1",
              "url": "https://briefs.example.org/json/1",
              "title": "HTML brief",
              "content_html": "<p>Huawei <em>chips</em></p>",
              "content_text": "Huawei chips",
              "date_published": "2026-04-29T08:00:00+08:00"
            },
            {
              "id": "json-2",
              "title": "Text brief",
              "content_text": "Title\nSource: Reuters",
              "date_modified": "2026-04-28T00:00:00Z"
            }
          ]
        }
        """;

    [Fact]
    public void Rss_takes_content_encoded_over_description()
    {
        var result = FeedDocumentReader.Read(RssWithContentEncoded, "application/rss+xml");

        Assert.Null(result.Error);
        Assert.Equal(2, result.Items.Count);
        var first = result.Items[0];
        Assert.Equal("brief-2026-04-29", first.Key);
        Assert.Equal("China AI Update Brief — 29 April 2026", first.Title);
        Assert.Equal("https://briefs.example.org/2026-04-29", first.Link);
        Assert.Equal(new DateTimeOffset(2026, 4, 29, 8, 0, 0, TimeSpan.FromHours(8)), first.Published);
        Assert.Equal("<h1>China AI Update Brief</h1><p>Huawei ships Ascend chips.</p>", first.Content);
        Assert.Equal(FeedEntry.Html, first.ContentType);
        Assert.Equal("brief-2026-04-28", result.Items[1].Key);
    }

    [Fact]
    public void Rss_description_only_keeps_plain_text_as_text_and_escaped_html_as_html()
    {
        var result = FeedDocumentReader.Read(RssWithDescriptionOnly, null);

        Assert.True(result.Succeeded, result.Error);
        var text = result.Items[0];
        Assert.Equal(FeedEntry.PlainText, text.ContentType);
        Assert.Equal("China AI Update Brief\nPosted on 29 April 2026\n\nKey Takeaways\n- Chips matter", text.Content);
        // A permalink guid stands in for the missing <link>.
        Assert.Equal("https://briefs.example.org/one", text.Link);
        Assert.Null(text.Published);

        var html = result.Items[1];
        Assert.Equal(FeedEntry.Html, html.ContentType);
        Assert.Equal("<p>Escaped <b>HTML</b> brief</p>", html.Content);
    }

    [Fact]
    public void Atom_reads_html_text_and_xhtml_content_and_falls_back_to_summary()
    {
        var result = FeedDocumentReader.Read(AtomFeed, "application/atom+xml");

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(4, result.Items.Count);

        var html = result.Items[0];
        Assert.Equal("tag:briefs.example.org,2026:1", html.Key);
        Assert.Equal("Chips & models", html.Title);
        Assert.Equal("https://briefs.example.org/atom/1", html.Link);
        Assert.Equal(new DateTimeOffset(2026, 4, 29, 0, 0, 0, TimeSpan.Zero), html.Published);
        Assert.Equal("<h2>Chips</h2><p>Huawei &amp; SMIC.</p>", html.Content);
        Assert.Equal(FeedEntry.Html, html.ContentType);

        var text = result.Items[1];
        Assert.Equal("https://briefs.example.org/atom/2", text.Link);
        Assert.Equal(new DateTimeOffset(2026, 4, 28, 8, 0, 0, TimeSpan.Zero), text.Published);
        Assert.Equal("Title line\nSource: Reuters — 28 April 2026", text.Content);
        Assert.Equal(FeedEntry.PlainText, text.ContentType);

        var xhtml = result.Items[2];
        Assert.Equal("<p>Bold <b>move</b></p>", xhtml.Content);
        Assert.Equal(FeedEntry.Html, xhtml.ContentType);

        Assert.Equal("<p>From the summary</p>", result.Items[3].Content);
        Assert.Equal(FeedEntry.Html, result.Items[3].ContentType);
    }

    [Fact]
    public void Json_feed_takes_content_html_over_content_text()
    {
        var result = FeedDocumentReader.Read(JsonFeed, "application/feed+json");

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(2, result.Items.Count);
        var html = result.Items[0];
        Assert.Equal(new FeedEntry("json-1", "HTML brief", "https://briefs.example.org/json/1",
            new DateTimeOffset(2026, 4, 29, 8, 0, 0, TimeSpan.FromHours(8)), "<p>Huawei <em>chips</em></p>", FeedEntry.Html), html);
        var text = result.Items[1];
        Assert.Equal(new FeedEntry("json-2", "Text brief", null,
            new DateTimeOffset(2026, 4, 28, 0, 0, 0, TimeSpan.Zero), "Title\nSource: Reuters", FeedEntry.PlainText), text);
    }

    [Fact]
    public void Json_feed_version_1_and_numeric_ids_are_read()
    {
        var result = FeedDocumentReader.Read("""
            {"version":"https://jsonfeed.org/version/1","items":[{"id":42,"content_text":"x"}]}
            """, null);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("42", Assert.Single(result.Items).Key);
    }

    [Fact]
    public void Rdf_rss_1_0_is_read()
    {
        var result = FeedDocumentReader.Read("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="https://briefs.example.org/"><title>Briefs</title></channel>
              <item rdf:about="https://briefs.example.org/rdf/1">
                <title>RDF brief</title>
                <link>https://briefs.example.org/rdf/1</link>
                <description>Plain text</description>
                <dc:date>2026-04-29T08:00:00Z</dc:date>
              </item>
            </rdf:RDF>
            """, "application/rdf+xml");

        Assert.True(result.Succeeded, result.Error);
        var item = Assert.Single(result.Items);
        Assert.Equal("https://briefs.example.org/rdf/1", item.Key);
        Assert.Equal("RDF brief", item.Title);
        Assert.Equal(new DateTimeOffset(2026, 4, 29, 8, 0, 0, TimeSpan.Zero), item.Published);
        Assert.Equal(FeedEntry.PlainText, item.ContentType);
    }

    [Fact]
    public void Items_without_guid_are_keyed_by_link_else_by_a_stable_hash()
    {
        const string feed = """
            <rss version="2.0"><channel>
              <item><title>Linked</title><link>https://briefs.example.org/linked</link><description>one</description></item>
              <item><title>Bare</title><description>two</description></item>
              <item><title>Other</title><description>three</description></item>
            </channel></rss>
            """;
        const string reordered = """
            <rss version="2.0"><channel>
              <item><title>New</title><description>four</description></item>
              <item><title>Other</title><description>three</description></item>
              <item><title>Bare</title><description>two</description></item>
              <item><title>Linked</title><link>https://briefs.example.org/linked</link><description>one</description></item>
            </channel></rss>
            """;

        var first = FeedDocumentReader.Read(feed, null).Items;
        var second = FeedDocumentReader.Read(reordered, null).Items;

        Assert.Equal("https://briefs.example.org/linked", first[0].Key);
        Assert.StartsWith("sha256:", first[1].Key);
        Assert.Equal(71, first[1].Key.Length);
        Assert.NotEqual(first[1].Key, first[2].Key);
        // The same items give the same keys whatever their order or neighbours.
        Assert.Equal(first.Select(i => i.Key).Order(), second.Where(i => i.Title != "New").Select(i => i.Key).Order());
    }

    [Fact]
    public void A_repeated_guid_gives_one_item()
    {
        var result = FeedDocumentReader.Read("""
            <rss version="2.0"><channel>
              <item><guid>same</guid><description>first</description></item>
              <item><guid>same</guid><description>second</description></item>
            </channel></rss>
            """, null);

        Assert.Equal("first", Assert.Single(result.Items).Content);
    }

    [Fact]
    public void A_very_long_id_is_hashed_to_fit_the_key_column()
    {
        var id = "https://briefs.example.org/" + new string('x', 2000);
        var result = FeedDocumentReader.Read($"<rss><channel><item><guid>{id}</guid></item></channel></rss>", null);

        var item = Assert.Single(result.Items);
        Assert.StartsWith("sha256:", item.Key);
        Assert.True(item.Key.Length <= FeedEntry.MaxKeyLength);
        Assert.Equal("", item.Content);
    }

    [Theory]
    [InlineData("<rss version=\"2.0\"><channel><title>Nothing yet</title></channel></rss>")]
    [InlineData("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Nothing yet</title></feed>")]
    [InlineData("{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"Nothing yet\",\"items\":[]}")]
    public void An_empty_feed_has_no_items_and_no_error(string feed)
    {
        var result = FeedDocumentReader.Read(feed, null);

        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(result.Items);
    }

    [Fact]
    public void Malformed_xml_gives_the_line_and_column()
    {
        var result = FeedDocumentReader.Read("""
            <rss version="2.0">
              <channel>
                <item><title>Broken</titel></item>
              </channel>
            </rss>
            """, null);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Items);
        Assert.StartsWith("line 3, column ", result.Error);
        Assert.Contains("titel", result.Error);
    }

    [Fact]
    public void Blank_lines_before_the_xml_declaration_are_tolerated_and_counted_in_error_lines()
    {
        Assert.True(FeedDocumentReader.Read("\uFEFF\n\n<?xml version=\"1.0\"?><rss><channel/></rss>", null).Succeeded);

        var result = FeedDocumentReader.Read("\n\n<?xml version=\"1.0\"?>\n<rss><channel><item></channel></rss>", null);

        Assert.StartsWith("line 4, column ", result.Error);
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("ISO-8859-1")]
    [InlineData("windows-1252")]
    public void The_declared_encoding_does_not_matter_once_the_body_is_text(string encoding)
    {
        var result = FeedDocumentReader.Read($"<?xml version=\"1.0\" encoding=\"{encoding}\"?><rss><channel><item><guid>1</guid></item></channel></rss>", null);

        Assert.True(result.Succeeded, result.Error);
    }

    [Fact]
    public void A_dtd_with_an_external_entity_is_refused()
    {
        var secret = Path.Combine(Path.GetTempPath(), $"briefly-xxe-{Guid.NewGuid():N}.txt");
        File.WriteAllText(secret, "TOP SECRET");
        try
        {
            var result = FeedDocumentReader.Read($"""
                <?xml version="1.0"?>
                <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
                <rss version="2.0"><channel><item><guid>1</guid><description>&xxe;</description></item></channel></rss>
                """, "application/rss+xml");

            Assert.False(result.Succeeded);
            Assert.Empty(result.Items);
            Assert.StartsWith("line 2, column ", result.Error);
            Assert.Contains("DTD", result.Error);
            Assert.DoesNotContain("TOP SECRET", result.Error);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void An_entity_expansion_bomb_is_refused()
    {
        var result = FeedDocumentReader.Read("""
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <rss><channel><item><description>&lol2;</description></item></channel></rss>
            """, null);

        Assert.False(result.Succeeded);
        Assert.Contains("DTD", result.Error);
    }

    [Fact]
    public void Json_feed_with_a_wrong_version_is_an_error_at_version()
    {
        var result = FeedDocumentReader.Read("""{"version":"https://example.org/version/2","items":[]}""", "application/json");

        Assert.False(result.Succeeded);
        Assert.StartsWith("$.version: ", result.Error);
    }

    [Fact]
    public void Json_without_a_version_is_not_a_feed()
    {
        var result = FeedDocumentReader.Read("""{"items":[]}""", "application/json");

        Assert.StartsWith("$.version: missing", result.Error);
    }

    [Fact]
    public void A_wrongly_typed_json_field_is_an_error_at_its_path()
    {
        var result = FeedDocumentReader.Read("""
            {"version":"https://jsonfeed.org/version/1.1","items":[{"id":"a","content_text":"x"},{"id":{"no":1},"content_text":"y"}]}
            """, null);

        Assert.Equal("$.items[1].id: expected a string, not an object", result.Error);
        Assert.StartsWith("$.items: expected an array",
            FeedDocumentReader.Read("""{"version":"https://jsonfeed.org/version/1.1","items":{}}""", null).Error);
    }

    [Fact]
    public void Malformed_json_gives_the_line()
    {
        var result = FeedDocumentReader.Read("{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n  \"items\": [ { \"id\": } ]\n}", null);

        Assert.False(result.Succeeded);
        Assert.StartsWith("line 3, byte ", result.Error);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>Login</body></html>", "HTML page")]
    [InlineData("<html lang=\"en\"><body>Moved</body></html>", "HTML page")]
    [InlineData("<opml version=\"2.0\"><body/></opml>", "root element <opml>")]
    [InlineData("<feed xmlns=\"http://purl.org/atom/ns#\"/>", "root element <feed xmlns=\"http://purl.org/atom/ns#\">")]
    [InlineData("<rss version=\"2.0\"/>", "<rss> has no <channel>")]
    [InlineData("Service unavailable", "not an RSS, Atom or JSON Feed document (served as text/plain)")]
    [InlineData("", "empty")]
    [InlineData("[1,2]", "not an RSS")]
    public void Documents_that_are_not_feeds_say_what_they_are(string content, string expected)
    {
        var result = FeedDocumentReader.Read(content, "text/plain");

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public void No_cut_off_document_makes_the_reader_throw()
    {
        foreach (var feed in new[] { RssWithContentEncoded, AtomFeed, JsonFeed })
        {
            for (var length = 0; length < feed.Length; length++)
            {
                var result = FeedDocumentReader.Read(feed[..length], null);
                Assert.True(result.Succeeded || result.Items.Count == 0);
            }
        }
    }
}
