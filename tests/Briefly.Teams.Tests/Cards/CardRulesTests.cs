using System.Reflection;
using System.Text.Json.Nodes;
using Briefly.Core.Conversations;
using Briefly.Data.Entities;
using Briefly.Teams.Cards;
using Briefly.Testing;

namespace Briefly.Teams.Tests.Cards;

/// <summary>The rules every Teams card follows, checked over the golden cases (one of each message kind).</summary>
public sealed class CardRulesTests
{
    private static IEnumerable<(string Name, Reply Reply, IReadOnlyList<JsonObject> Cards)> Rendered() =>
        CardFixtures.GoldenCases.Select(c => (c.Name, c.Reply, AdaptiveCardRenderer.Render(c.Reply)));

    [Fact]
    public void Every_reply_kind_of_the_core_has_a_golden_case()
    {
        var kinds = typeof(Reply).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Reply)) && !t.IsAbstract).Select(t => t.Name).ToHashSet();
        var covered = CardFixtures.GoldenCases.Select(c => c.Reply.GetType().Name).ToHashSet();
        Assert.Empty(kinds.Except(covered));
    }

    [Fact]
    public void Every_card_is_a_1_5_card_with_the_reply_as_fallback_text()
    {
        foreach (var (name, reply, cards) in Rendered())
        {
            Assert.NotEmpty(cards);
            foreach (var card in cards)
            {
                Assert.Equal("AdaptiveCard", (string?)card["type"]);
                Assert.Equal("1.5", (string?)card["version"]);
                Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", (string?)card["$schema"]);
                Assert.True(CardJsonWalk.Size(card) <= CardPages.MaxCardBytes, name);
            }
            Assert.Equal(CardText.Shorten(reply.FallbackText, 1000), (string?)cards[0]["fallbackText"]);
        }
    }

    [Fact]
    public void Buttons_that_call_the_bot_are_Execute_with_a_Submit_fallback_carrying_the_same_command()
    {
        var seen = 0;
        foreach (var (name, _, cards) in Rendered())
            foreach (var action in cards.SelectMany(CardJsonWalk.Actions).Where(a => (string?)a["type"] == "Action.Execute"))
            {
                seen++;
                Assert.False(string.IsNullOrEmpty((string?)action["verb"]), name);
                var command = (string?)action["data"]?[ReplyActions.DataKey];
                Assert.False(string.IsNullOrWhiteSpace(command), name);
                // The words, and on a paged answer's Follow button the words that draw its card again: nothing else.
                Assert.All(action["data"]!.AsObject(), p => Assert.Contains(p.Key, new[] { ReplyActions.DataKey, AdaptiveCardRenderer.RedrawKey }));
                var fallback = action["fallback"]!;
                Assert.Equal("Action.Submit", (string?)fallback["type"]);
                Assert.Equal((string?)action["title"], (string?)fallback["title"]);
                Assert.True(JsonNode.DeepEquals(action["data"], fallback["data"]), name);
            }
        Assert.True(seen > 20);
        // Submit appears only as an Execute fallback, never as a button of its own.
        Assert.DoesNotContain(Rendered().SelectMany(r => r.Cards).SelectMany(CardJsonWalk.Actions), a => (string?)a["type"] == "Action.Submit" && a.Parent is not JsonObject);
    }

    [Fact]
    public void The_daily_brief_offers_why_it_matters_follow_and_older_briefs()
    {
        var card = Assert.Single(AdaptiveCardRenderer.Render(CardFixtures.SeedBrief));
        var actions = CardJsonWalk.Actions(card).ToList();

        var toggles = actions.Where(a => (string?)a["type"] == "Action.ToggleVisibility").ToList();
        Assert.Equal(CardFixtures.SeedBrief.Stories.Count, toggles.Count);
        foreach (var toggle in toggles)
        {
            var target = (string)toggle["targetElements"]![0]!;
            var panel = CardJsonWalk.Objects(card).Single(o => (string?)o["id"] == target);
            Assert.False((bool)panel["isVisible"]!);
        }
        var commands = actions.Select(a => (string?)a["data"]?[ReplyActions.DataKey]).OfType<string>().ToList();
        Assert.Contains(ReplyActions.BriefFor(new DateOnly(2026, 4, 28)), commands);
        Assert.Contains(ReplyActions.Subscribe("DeepSeek"), commands);
        var links = actions.Where(a => (string?)a["type"] == "Action.OpenUrl").Select(a => (string?)a["url"]).ToList();
        Assert.All(CardFixtures.SeedBrief.Stories.SelectMany(s => s.Citations), c => Assert.Contains(new Uri(c).AbsoluteUri, links));
        Assert.Contains("Key takeaways", CardJsonWalk.Texts(card));
    }

    [Fact]
    public void An_answer_offers_more_and_follow_only_when_they_apply()
    {
        var first = Assert.Single(AdaptiveCardRenderer.Render(CardFixtures.Answer("latest on Huawei chips", "Huawei", "Huawei", 0, 4, following: false)));
        var last = Assert.Single(AdaptiveCardRenderer.Render(CardFixtures.Answer("more", "Huawei", "Huawei", 8, 4, following: true)));

        Assert.Equal([Paging.Words("latest on Huawei chips", 4), ReplyActions.Subscribe("Huawei")], Commands(first["actions"]));
        // Past its last page the answer has no More, and a topic already followed shows as such, greyed out.
        var following = Assert.Single(last["actions"]!.AsArray())!;
        Assert.Equal(("Following Huawei", false), ((string?)following["title"], (bool?)following["isEnabled"]));
        Assert.DoesNotContain(ReplyActions.Subscribe("Huawei"), Commands(first["body"]));
    }

    [Fact]
    public void Empty_and_sparse_replies_still_render_valid_cards()
    {
        var bare = new StoryView(99, "", "", new DateOnly(2026, 5, 1), "", "", "", [], []);
        var odd = bare with { Id = 100, Title = "Only a title", Citations = ["not a url", "ftp://example.com/x"] };
        Reply[] replies =
        [
            new BriefReply("Empty brief", new DateOnly(2026, 5, 1), null, [], [], null),
            CardFixtures.SeedBrief with { Stories = [bare, odd], Takeaways = [], PreviousDate = null },
            new AnswerReply("more", "Huawei", [], 9, 9, Following: true),
            new PeriodReply("yesterday", "yesterday", new(2026, 5, 18), new(2026, 5, 18), "Huawei", [], 0, 0),
            new NoAnswerReply("x", "x", [], Following: true),
            new NoBriefReply(new(2026, 1, 1), []),
            new TopicsReply([], []),
            new DigestReply(new(2026, 5, 19), []),
            new AlertReply("Huawei", [bare]),
            new HelpReply("", []),
            new UnsubscribedReply("x", WasFollowing: false, []),
        ];

        var cards = replies.SelectMany((r, i) => AdaptiveCardRenderer.Render(r).Select((c, j) => ($"sparse-{i}-{j}", c))).ToList();

        Assert.Equal(replies.Length, cards.Count);
        var texts = cards.SelectMany(c => CardJsonWalk.Texts(c.c)).ToList();
        Assert.Contains("not a url", texts);
        Assert.Contains("ftp://example.com/x", texts);
        CardCheck.AssertValid(cards);
    }

    [Fact]
    public void The_renderers_use_no_Bot_Framework_type()
    {
        var types = typeof(AdaptiveCardRenderer).Assembly.GetTypes().Where(t => t.Namespace == typeof(AdaptiveCardRenderer).Namespace).ToList();
        Assert.NotEmpty(types);
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var used = types.SelectMany(t => t.GetFields(all).Select(f => f.FieldType)
                .Concat(t.GetProperties(all).Select(p => p.PropertyType))
                .Concat(t.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType))))
            .SelectMany(Expand);
        Assert.DoesNotContain(used, t => t.Assembly.GetName().Name!.StartsWith("Microsoft.Bot", StringComparison.Ordinal));
    }

    private static IEnumerable<Type> Expand(Type type) =>
        type.IsGenericType ? type.GetGenericArguments().SelectMany(Expand).Append(type) : type.HasElementType ? Expand(type.GetElementType()!).Append(type) : [type];

    [Fact]
    public void Each_card_offers_exactly_the_buttons_the_core_decided_in_their_order()
    {
        foreach (var (name, reply, cards) in Rendered())
        {
            var rendered = cards.SelectMany(c => CardJsonWalk.Actions(c).Where(a => (string?)a["type"] == "Action.Execute"))
                .Select(a => ((string?)a["title"], (string?)a["data"]![ReplyActions.DataKey], (string?)a["data"]![AdaptiveCardRenderer.RedrawKey],
                    (bool?)a["isEnabled"] ?? true))
                .ToList();
            var decided = reply.AllActions.Select(a => ((string?)a.Label, (string?)a.Command, a.Redraw, a.Kind != ActionKind.Following)).ToList();
            Assert.True(decided.SequenceEqual(rendered), $"{name}: core {string.Join(" | ", decided)}; card {string.Join(" | ", rendered)}");
        }
    }

    [Fact]
    public void A_20_KB_question_renders_valid_cards_whose_buttons_stay_small()
    {
        var question = "latest on " + string.Join(' ', Enumerable.Repeat("Huawei chips", 2000));
        var bounded = Paging.BoundQuestion(question);
        var topic = Paging.BoundTopic(question["latest on ".Length..]);
        var all = CardFixtures.DevStories.Where(s => s.Title.Contains("Huawei", StringComparison.OrdinalIgnoreCase)).ToList();
        Reply[] replies =
        [
            new AnswerReply(bounded, topic, [.. all.Take(5)], 0, all.Count, Following: false),
            new NoAnswerReply(bounded, topic, [new("Huawei", 3)], Following: false),
            new SubscribedReply(topic, AlreadyFollowing: false, 3, AlertMode.Instant),
        ];

        var cards = replies.SelectMany((r, i) => AdaptiveCardRenderer.Render(r).Select((c, j) => ($"long-{i}-{j}", c))).ToList();

        Assert.All(cards, c => Assert.True(CardJsonWalk.Size(c.c) <= CardPages.MaxCardBytes));
        Assert.All(cards.SelectMany(c => CardJsonWalk.Actions(c.c)).Where(a => a["data"] is not null),
            a => Assert.InRange(a["data"]!.ToJsonString().Length, 1, 1500));
        CardCheck.AssertValid(cards);
    }

    private static List<string> Commands(JsonNode? node) =>
        [.. CardJsonWalk.Actions(node).Where(a => (string?)a["type"] == "Action.Execute").Select(a => (string)a["data"]![ReplyActions.DataKey]!)];
}

/// <summary>The checker itself: it must fail broken cards, or the validity tests prove nothing.</summary>
public sealed class CardCheckTests
{
    [Fact]
    public void Cardcheck_reports_broken_cards_and_host_extensions_outside_the_schema()
    {
        static JsonObject Card(JsonNode? msteams, JsonNode element)
        {
            var card = new JsonObject { ["type"] = "AdaptiveCard", ["version"] = "1.5", ["body"] = new JsonArray(element) };
            if (msteams is not null) card["msteams"] = msteams;
            return card;
        }
        JsonObject Text() => new() { ["type"] = "TextBlock", ["text"] = "x" };

        var problems = CardCheck.Problems(
        [
            ("ok", Card(null, Text())),
            ("unknown-element", Card(null, new JsonObject { ["type"] = "Nope" })),
            ("bad-size", Card(null, new JsonObject { ["type"] = "TextBlock", ["text"] = "x", ["size"] = "huge" })),
            // Teams' full-width extension is not in the 1.5 schema, so the cards do without it.
            ("msteams", Card(new JsonObject { ["width"] = "Full" }, Text())),
        ]);

        Assert.DoesNotContain(problems, p => p.Contains("-ok.json", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("-unknown-element.json", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("-bad-size.json", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("-msteams.json", StringComparison.Ordinal));
    }
}
