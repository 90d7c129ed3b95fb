using System.Text.Json.Nodes;
using Briefly.Core.Conversations;
using Briefly.Slack.BlockKit;

namespace Briefly.Slack.Tests.BlockKit;

public sealed class SplitAndEscapingTests
{
    private static readonly DateOnly Day = new(2026, 5, 19);

    [Fact]
    public void Every_dev_corpus_brief_renders_valid_messages_with_every_story()
    {
        foreach (var document in SampleReplies.Corpus)
        {
            var brief = SampleReplies.Brief(document, document.Date.AddDays(-1));
            var messages = BlockKitRenderer.Render(brief);

            Checks.AllValid(messages);
            Assert.Equal(brief.Stories.Select(s => Mrkdwn.Bold(Mrkdwn.Escape(s.Title))), StoryTitles(messages));
        }
    }

    [Fact]
    public void A_brief_of_30_stories_is_split_in_order_never_mid_story_with_header_first_and_takeaways_and_actions_last()
    {
        var stories = SampleReplies.CorpusStories.Take(30).ToList();
        var brief = new BriefReply("China AI Update Brief — 19 May 2026", Day, new DateTime(2026, 5, 19, 9, 0, 0), stories,
            ["Takeaway one", "Takeaway two"], Day.AddDays(-1));

        var messages = BlockKitRenderer.Render(brief);

        Assert.True(messages.Count >= 3, $"30 stories of 5 blocks need at least 3 messages of 50 blocks, got {messages.Count}");
        Checks.AllValid(messages);
        Assert.Equal(stories.Select(s => Mrkdwn.Bold(Mrkdwn.Escape(s.Title))), StoryTitles(messages));
        for (var i = 0; i < messages.Count; i++)
        {
            var blocks = Blocks(messages[i]);
            Assert.Equal(i == 0, blocks.Any(b => (string?)b["type"] == "header"));
            Assert.Equal(i == messages.Count - 1, Texts(messages[i]).Any(t => t.StartsWith("*Key takeaways*", StringComparison.Ordinal)));
            Assert.Equal(i == messages.Count - 1, blocks.Any(b => (string?)b["type"] == "actions"));
            if (i > 0) Assert.EndsWith($"part {i + 1} of {messages.Count}", Texts(messages[i]).First());
            // Whole stories only: every story's title, source line, body and links, closed by its divider, in one message.
            Assert.Equal("divider", (string?)blocks[blocks.Count - 1 - (i == messages.Count - 1 ? 2 : 0)]["type"]);
            Assert.StartsWith($"{Mrkdwn.Escape(brief.Title)} (part {i + 1} of {messages.Count}):", (string)messages[i]["text"]!);
        }
    }

    [Fact]
    public void A_10000_character_summary_is_shortened_with_an_ellipsis_and_a_read_more_link_to_the_first_citation()
    {
        var story = SampleReplies.CorpusStories[0];
        var longSummary = string.Concat(Enumerable.Repeat("Huawei ships Ascend chips to cloud providers. ", 220))[..10_000];
        var brief = new BriefReply("Long brief", Day, null, [story with { Summary = longSummary }], [], null);

        var messages = BlockKitRenderer.Render(brief);

        Checks.AllValid(messages);
        var body = Texts(messages[0]).Single(t => t.Contains("Why it matters", StringComparison.Ordinal));
        Assert.True(body.Length <= SlackLimits.MaxSectionText);
        var readMore = $"… <{Mrkdwn.SafeUrl(story.Citations[0])}|Read more>";
        Assert.Contains(readMore, body);
        Assert.StartsWith(longSummary[..1000], body);
        Assert.EndsWith(Mrkdwn.Escape(story.WhyItMatters), body);
    }

    [Fact]
    public void Over_long_title_why_and_source_are_shortened_visibly_never_dropped()
    {
        var story = SampleReplies.CorpusStories[1];
        var huge = story with
        {
            Title = string.Concat(Enumerable.Repeat("华为昇腾芯片 🚀 ", 400)),
            WhyItMatters = new string('w', 5000),
            Source = new string('s', 4000),
            Summary = new string('x', 5000),
        };

        var messages = BlockKitRenderer.Render(new AnswerReply("华为", "华为", [huge], 0, 1, Following: false));

        Checks.AllValid(messages);
        var texts = Texts(messages[0]).ToList();
        Assert.Contains(texts, t => t.StartsWith("*华为昇腾芯片 🚀", StringComparison.Ordinal) && t.Contains("…*", StringComparison.Ordinal) && t.Contains("|Read more>", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("sss", StringComparison.Ordinal) && t.Contains('…'));
        var body = texts.Single(t => t.Contains("Why it matters", StringComparison.Ordinal));
        Assert.Equal(2, body.Split("|Read more>").Length - 1);
        // No half of a surrogate pair is left at a cut.
        Assert.All(Checks.MrkdwnTexts(messages), t => Assert.DoesNotContain(t.Select((c, i) => (c, i)), x => char.IsHighSurrogate(x.c) && (x.i + 1 >= t.Length || !char.IsLowSurrogate(t[x.i + 1]))));
    }

    [Fact]
    public void Titles_with_markup_characters_emoji_and_CJK_are_escaped_in_mrkdwn_and_kept_as_written_in_plain_text()
    {
        var stories = SampleReplies.CorpusStories.Take(3).ToList();
        stories[0] = stories[0] with { Title = "<script>alert(1)</script> & <!channel> “Huawei” chips", Topics = ["R&D <team>"] };
        stories[1] = stories[1] with { Title = "华为发布昇腾 960 芯片 🚀🇨🇳 — DeepSeek 深度求索", Source = "新华社 & Reuters", Summary = "Line one <b>\n> not a quote" };
        stories[2] = stories[2] with { Citations = ["https://example.com/a?x=1&y=2|<b>", "javascript:alert(1)", "https://example.com/b"] };
        var title = "<Brief> & “Daily” 🚀 华为";
        var brief = new BriefReply(title, Day, null, stories, ["Chips & <models>"], null);

        var messages = BlockKitRenderer.Render(brief);

        Checks.AllValid(messages);
        var mrkdwn = Checks.MrkdwnTexts(messages).ToList();
        Assert.All(mrkdwn, t => Assert.DoesNotContain('<', Checks.WithoutLinks(t)));
        Assert.Contains(mrkdwn, t => t.Contains("*&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!channel&gt; “Huawei” chips*", StringComparison.Ordinal));
        Assert.Contains(mrkdwn, t => t.Contains("*华为发布昇腾 960 芯片 🚀🇨🇳 — DeepSeek 深度求索*", StringComparison.Ordinal));
        Assert.Contains(mrkdwn, t => t.StartsWith("新华社 &amp; Reuters", StringComparison.Ordinal));
        Assert.Contains(mrkdwn, t => t.StartsWith("Line one &lt;b&gt;\n&gt; not a quote\n>*Why it matters:*", StringComparison.Ordinal));
        Assert.Contains(mrkdwn, t => t == ":link: <https://example.com/a?x=1&amp;y=2%7C%3Cb%3E|example.com>  ·  <https://example.com/b|example.com>");
        Assert.Contains("• Chips &amp; &lt;models&gt;", mrkdwn.Single(t => t.StartsWith("*Key takeaways*", StringComparison.Ordinal)));
        Assert.StartsWith("&lt;Brief&gt; &amp; “Daily” 🚀 华为: &lt;script&gt;", (string)messages[0]["text"]!);
        // plain_text is shown as written: Slack parses no markup there, so escaping would show "&lt;".
        Assert.Equal(title, (string?)messages[0]["blocks"]![0]!["text"]!["text"]);
        var follow = Checks.Buttons(messages).First();
        Assert.Equal("Follow R&D <team>", (string?)follow["text"]!["text"]);
        Assert.Equal("subscribe R&D <team>", (string?)follow["value"]);
    }

    [Fact]
    public void Links_guard_the_separator_in_labels_and_urls()
    {
        Assert.Equal("<https://example.com/a%7Cb|a ｜ b &amp; &lt;c&gt;>", Mrkdwn.Link("https://example.com/a|b", "a | b & <c>"));
        Assert.Equal("not a link &lt;x&gt;", Mrkdwn.Link("ftp://example.com", "not a link <x>"));
        Assert.Equal("example.com", Mrkdwn.Host("https://www.example.com/x"));
    }

    [Fact]
    public void Notification_text_stays_under_4000_characters_for_a_huge_reply()
    {
        var stories = SampleReplies.CorpusStories.Select(s => s with { Title = s.Title + " " + new string('t', 200) }).ToList();
        var messages = BlockKitRenderer.Render(new AlertReply("Huawei", stories));

        Checks.AllValid(messages);
        Assert.All(messages, m => Assert.True(((string)m["text"]!).Length <= 3000));
        Assert.Equal(stories.Count, StoryTitles(messages).Count());
        Assert.Equal("actions", (string?)Blocks(messages[^1])[^1]["type"]);
    }

    [Fact]
    public void A_hundred_followed_topics_split_into_valid_messages_with_every_unfollow_button()
    {
        var following = Enumerable.Range(1, 100).Select(i => $"Topic {i} & <co>").ToList();
        var messages = BlockKitRenderer.Render(new TopicsReply(following, [new TopicSuggestion("Huawei", 3)]));

        Assert.True(messages.Count >= 3);
        Checks.AllValid(messages);
        var values = Checks.Buttons(messages).Select(b => (string)b["value"]!).ToList();
        Assert.Equal([.. following.Select(ReplyActions.Unsubscribe), ReplyActions.Subscribe("Huawei"), ReplyActions.Settings, ReplyActions.Help], values);
    }

    [Fact]
    public void Every_reply_type_renders()
    {
        var kinds = typeof(Reply).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Reply)) && !t.IsAbstract).Select(t => t.Name).ToHashSet();
        var covered = SampleReplies.All.Values.Select(r => r.GetType().Name).ToHashSet();
        Assert.Subset(covered, kinds);
        Assert.Empty(kinds.Except(covered));
    }

    /// <summary>A story's title: a bold section followed by its "Source · date" context.</summary>
    private static IEnumerable<string> StoryTitles(IEnumerable<JsonObject> messages) =>
        messages.Select(Blocks).SelectMany(blocks => blocks
            .Where((b, i) => (string?)b["type"] == "section" && i + 1 < blocks.Count && (string?)blocks[i + 1]["type"] == "context")
            .Select(b => (string?)b["text"]?["text"])
            .OfType<string>()
            .Where(t => t.StartsWith('*') && t.EndsWith('*')));

    private static IReadOnlyList<JsonObject> Blocks(JsonObject message) => [.. message["blocks"]!.AsArray().Select(b => b!.AsObject())];

    private static IEnumerable<string> Texts(JsonObject message) =>
        Checks.Walk(message["blocks"]).OfType<JsonObject>().Where(o => (string?)o["type"] == "mrkdwn").Select(o => (string)o["text"]!);
}
