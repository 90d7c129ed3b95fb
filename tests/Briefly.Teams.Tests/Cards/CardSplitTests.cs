using System.Text.Json.Nodes;
using Briefly.Core.Conversations;
using Briefly.Teams.Cards;
using Briefly.Testing;
using Xunit.Abstractions;

namespace Briefly.Teams.Tests.Cards;

/// <summary>Long briefs and answers become several cards, each within 28 KB, in order, no story cut.</summary>
public sealed class CardSplitTests(ITestOutputHelper output)
{
    private const int MaxBytes = 28 * 1024;

    private static readonly string Tricky = "AT&T <b>not a tag</b> & <script>x</script> 🚀👩🏽‍💻 华为昇腾芯片需求激增，DeepSeek 发布 V4";

    [Fact]
    public void A_brief_of_30_stories_is_split_in_order_with_every_story_whole()
    {
        var reply = Brief([.. CardFixtures.DevStories.Take(30)]);

        var cards = AdaptiveCardRenderer.Render(reply);

        output.WriteLine("card sizes: " + string.Join(", ", cards.Select(CardJsonWalk.Size)));
        Assert.True(cards.Count > 1, $"30 stories fit one card of {CardJsonWalk.Size(cards[0])} bytes; the split is not exercised");
        AssertSplitWell(reply, cards);
        CardCheck.AssertValid([.. cards.Select((c, i) => ($"thirty-{i + 1}", c))]);
    }

    [Fact]
    public void A_10000_character_summary_is_shortened_with_a_read_more_link_to_its_source()
    {
        var story = CardFixtures.DevStories[0];
        var summary = string.Concat(Enumerable.Repeat(story.Summary + " ", 10_000 / story.Summary.Length + 1))[..10_000];
        var reply = Brief([story with { Summary = summary }, CardFixtures.DevStories[1]]);

        var cards = AdaptiveCardRenderer.Render(reply);

        var card = Assert.Single(cards);
        Assert.True(CardJsonWalk.Size(card) <= MaxBytes);
        var runs = CardJsonWalk.Objects(card).Where(o => (string?)o["type"] == "TextRun").ToList();
        var shown = runs.Single(r => ((string)r["text"]!).StartsWith(story.Summary[..40], StringComparison.Ordinal));
        Assert.EndsWith("… ", (string)shown["text"]!);
        Assert.True(((string)shown["text"]!).Length < 2000);
        var readMore = runs[runs.IndexOf(shown) + 1];
        Assert.Equal("Read more", (string?)readMore["text"]);
        Assert.Equal(new Uri(story.Citations[0]).AbsoluteUri, (string?)readMore["selectAction"]!["url"]);
        AssertSplitWell(reply, cards);
        CardCheck.AssertValid([("long-summary", card)]);
    }

    [Fact]
    public void A_shortened_field_without_a_source_says_it_was_shortened()
    {
        var story = CardFixtures.DevStories[0] with { Summary = new string('x', 5000), Citations = [] };

        var card = Assert.Single(AdaptiveCardRenderer.Render(Brief([story])));

        var texts = CardJsonWalk.Texts(card).ToList();
        Assert.Contains(texts, t => t.EndsWith('…'));
        Assert.Contains(" (shortened)", texts);
    }

    [Fact]
    public void Markup_emoji_and_CJK_in_titles_and_text_arrive_exactly_as_written()
    {
        var stories = CardFixtures.DevStories.Take(6)
            .Select((s, i) => s with { Title = $"{Tricky} #{i + 1}", Summary = Tricky + " " + s.Summary, Source = "新华社 <Xinhua> & co" })
            .ToList();
        var reply = Brief(stories) with { Title = "中国 AI 简报 <29 April> & more 🚀" };

        var cards = AdaptiveCardRenderer.Render(reply);

        var texts = cards.SelectMany(CardJsonWalk.Texts).ToList();
        foreach (var story in stories)
        {
            Assert.Contains(story.Title, texts);
            Assert.Contains(story.Summary, texts);
        }
        Assert.Contains(reply.Title, texts);
        AssertSplitWell(reply, cards);
        CardCheck.AssertValid([.. cards.Select((c, i) => ($"tricky-{i + 1}", c))]);
    }

    [Fact]
    public void Thirty_long_CJK_stories_split_within_the_limit_and_cut_no_emoji()
    {
        // Each CJK character is six bytes once escaped as \uXXXX: the worst case for the size limit.
        var cjk = string.Concat(Enumerable.Repeat("华为昇腾芯片需求激增，阿里巴巴与腾讯加速采购。🚀", 400));
        var stories = CardFixtures.DevStories.Take(30)
            .Select(s => s with { Title = Tricky + " " + cjk[..200], Summary = cjk, WhyItMatters = cjk[..3000] })
            .ToList();
        var reply = Brief(stories);

        var cards = AdaptiveCardRenderer.Render(reply);

        output.WriteLine("card sizes: " + string.Join(", ", cards.Select(CardJsonWalk.Size)));
        AssertSplitWell(reply, cards);
        foreach (var text in cards.SelectMany(CardJsonWalk.Texts))
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i])) Assert.True(i + 1 < text.Length && char.IsLowSurrogate(text[++i]), "a surrogate pair was cut");
                else Assert.False(char.IsLowSurrogate(text[i]), "a lone low surrogate");
            }
        CardCheck.AssertValid([.. cards.Select((c, i) => ($"cjk-{i + 1}", c))]);
    }

    [Fact]
    public void A_story_too_big_for_a_card_even_with_its_links_is_shortened_further_not_dropped()
    {
        var hugeLinks = Enumerable.Range(1, 8).Select(i => $"https://example.com/{i}/" + new string('a', 3000) + "?q=" + string.Concat(Enumerable.Repeat("&x=1", 200))).ToList();
        var story = CardFixtures.DevStories[0] with { Citations = hugeLinks };
        var reply = Brief([story, CardFixtures.DevStories[1]]);

        var cards = AdaptiveCardRenderer.Render(reply);

        AssertSplitWell(reply, cards);
        Assert.Contains(cards.SelectMany(CardJsonWalk.Texts), t => t.StartsWith("  and ", StringComparison.Ordinal) && t.EndsWith(" more", StringComparison.Ordinal));
    }

    [Fact]
    public void A_long_answer_is_split_and_keeps_more_and_follow_on_its_last_card()
    {
        var stories = CardFixtures.DevStories.Take(30).ToList();
        var reply = new AnswerReply("latest on China AI", "China AI", stories, 0, 45, Following: false);

        var cards = AdaptiveCardRenderer.Render(reply);

        Assert.True(cards.Count > 1);
        AssertSplitWell(reply.Stories, cards, "45 stories on China AI", null);
        var commands = cards.Select(c => c["actions"]?.AsArray().Select(a => (string?)a!["data"]?["command"]).ToList() ?? []).ToList();
        Assert.All(commands.SkipLast(1), Assert.Empty);
        Assert.Equal([Paging.Words("latest on China AI", 30), ReplyActions.Subscribe("China AI")], commands[^1]);
        CardCheck.AssertValid([.. cards.Select((c, i) => ($"answer-{i + 1}", c))]);
    }

    private static BriefReply Brief(IReadOnlyList<StoryView> stories) =>
        CardFixtures.SeedBrief with { Stories = stories };

    private static void AssertSplitWell(BriefReply reply, IReadOnlyList<JsonObject> cards)
    {
        AssertSplitWell(reply.Stories, cards, reply.Title, reply.Takeaways);
        Assert.NotNull(cards[^1]["actions"]);
        Assert.All(cards.SkipLast(1), c => Assert.Null(c["actions"]));
        if (reply.Takeaways.Count > 0)
            Assert.Contains(CardJsonWalk.Texts(cards[^1]), t => t.StartsWith("Key takeaways", StringComparison.Ordinal));
        Assert.Equal(CardText.Shorten(reply.FallbackText, 1000), (string?)cards[0]["fallbackText"]);
    }

    /// <summary>
    /// Each card within 28 KB and 1.5; the first opens with the title, later ones say "(continued)"; each story's title,
    /// source line and summary sit in one card, and the stories come in their order.
    /// </summary>
    private static void AssertSplitWell(IReadOnlyList<StoryView> stories, IReadOnlyList<JsonObject> cards, string titleStart, IReadOnlyList<string>? takeaways)
    {
        Assert.All(cards, c => Assert.True(CardJsonWalk.Size(c) <= MaxBytes, $"a card of {CardJsonWalk.Size(c)} bytes"));
        Assert.All(cards, c => Assert.Equal("1.5", (string?)c["version"]));
        Assert.All(cards, c => Assert.False(string.IsNullOrWhiteSpace((string?)c["fallbackText"])));
        Assert.Contains(CardJsonWalk.Texts(cards[0]), t => t.StartsWith(titleStart[..Math.Min(10, titleStart.Length)], StringComparison.Ordinal));
        Assert.All(cards.Skip(1), c => Assert.Contains(" (continued)", CardJsonWalk.Texts(c)));

        var cardTexts = cards.Select(c => CardJsonWalk.Texts(c).ToList()).ToList();
        var position = (Card: 0, Index: -1);
        foreach (var story in stories)
        {
            var titleStart40 = story.Title[..Math.Min(40, story.Title.Length)];
            var found = cardTexts.SelectMany((texts, card) => texts.Select((t, i) => (Card: card, Index: i, Text: t)))
                .Where(x => x.Text.StartsWith(titleStart40, StringComparison.Ordinal) && (x.Card, x.Index).CompareTo(position) > 0)
                .Select(x => (x.Card, x.Index)).DefaultIfEmpty((-1, -1)).First();
            Assert.True(found.Item1 >= 0, $"story {story.Id} is missing or out of order");
            var inCard = cardTexts[found.Item1];
            Assert.Contains(inCard, t => t.StartsWith(story.Summary[..Math.Min(40, story.Summary.Length)], StringComparison.Ordinal));
            if (story.WhyItMatters.Length > 0)
                Assert.Contains(inCard, t => t.StartsWith(story.WhyItMatters[..Math.Min(40, story.WhyItMatters.Length)], StringComparison.Ordinal));
            position = found;
        }
        if (takeaways is not null)
        {
            var all = cardTexts.SelectMany(t => t).ToList();
            Assert.All(takeaways, t => Assert.Contains(t, all));
        }
    }
}
