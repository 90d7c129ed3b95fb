using Briefly.Core.Conversations;
using Briefly.Data;
using Briefly.Data.Entities;

namespace Briefly.Core.Tests.Conversations;

/// <summary>The buttons each reply offers, decided in the core for both platforms, and that each sends words that work.</summary>
public class ReplyActionTests
{
    private static IEnumerable<(string Label, string Command, ActionKind Kind)> Shape(IEnumerable<ReplyAction> actions) =>
        actions.Select(a => (a.Label, a.Command, a.Kind));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_reply_offers_its_buttons_and_each_button_sends_a_command_of_its_kind(DatabaseProvider provider)
    {
        await using var core = await CoreHarness.StartAsync(provider);
        var answer = await core.SayAsync<AnswerReply>("any news about export controls");
        Assert.Equal(
            [("More stories", Paging.Words("any news about export controls", 5), ActionKind.More), ("Follow export controls", "subscribe export controls", ActionKind.Follow)],
            Shape(answer.Actions));
        Assert.Equal(Paging.Words("any news about export controls", 0), answer.Actions[1].Redraw);
        // Each story offers its first topic once, never the question's own.
        var storyTopics = answer.StoryFollows.OfType<ReplyAction>().Select(a => a.Command).ToList();
        Assert.Equal(storyTopics.Distinct(StringComparer.OrdinalIgnoreCase), storyTopics);
        Assert.DoesNotContain("subscribe export controls", storyTopics);

        var subscribed = await core.SayAsync<SubscribedReply>(answer.Actions[1].Command);
        Assert.Equal(
            [("Latest on export controls", "latest on export controls", ActionKind.Ask), ("My topics", "my topics", ActionKind.Topics), ("Alert settings", "settings", ActionKind.Settings)],
            Shape(subscribed.Actions));
        var followed = await core.SayAsync<AnswerReply>("any news about export controls");
        Assert.Equal(("Following export controls", ActionKind.Following), (followed.Actions[^1].Label, followed.Actions[^1].Kind));

        var unsubscribed = await core.SayAsync<UnsubscribedReply>("unsubscribe export controls");
        Assert.Equal([("Follow export controls again", "subscribe export controls", ActionKind.Follow), ("My topics", "my topics", ActionKind.Topics)],
            Shape(unsubscribed.Actions));

        var topics = await core.SayAsync<TopicsReply>("my topics");
        Assert.Equal([("Settings", "settings", ActionKind.Settings), ("Help", "help", ActionKind.Help)], Shape(topics.Actions));
        Assert.Equal(topics.Suggested.Select(s => "subscribe " + s.Topic), topics.SuggestedActions.Select(a => a.Command));

        var none = await core.SayAsync<NoAnswerReply>("any news on quantum computing in china?");
        Assert.Equal(none.CloseTopics.Select(t => $"{t.Topic} ({t.StoryCount})"), none.CloseTopicActions.Select(a => a.Label));
        Assert.Equal(ActionKind.Follow, Assert.Single(none.Actions).Kind);

        var help = await core.SayAsync<HelpReply>("help");
        Assert.Equal(HelpText.Examples.Take(Offers.ExampleButtons).Select(e => $"“{e}”"), help.ExampleActions.Select(a => a.Label));
        Assert.Equal(["My topics", "Settings"], help.Actions.Select(a => a.Label));

        var brief = await core.SayAsync<BriefReply>("brief for 12 May");
        Assert.Equal(["Older briefs", "My topics"], brief.Actions.Select(a => a.Label));
        Assert.Equal([("My topics", "my topics", ActionKind.Topics), ("Help", "help", ActionKind.Help)], Shape((await core.SayAsync<SettingsReply>("settings")).Actions));

        // Every button, pressed, is understood as what it says it does.
        Reply[] replies = [answer, subscribed, followed, unsubscribed, topics, none, help, brief];
        Assert.All(replies.SelectMany(r => r.AllActions), action =>
        {
            var command = MessageParser.Parse(action.Command);
            Assert.True(action.Kind switch
            {
                ActionKind.More => command is Command.More { QuestionText: not null },
                ActionKind.Follow => command is Command.Subscribe,
                ActionKind.Unfollow => command is Command.Unsubscribe,
                ActionKind.Following or ActionKind.Topics => command is Command.Topics,
                ActionKind.Settings => command is Command.Settings,
                ActionKind.Help => command is Command.Help,
                ActionKind.Brief or ActionKind.Ask => command is Command.Question,
                _ => false,
            }, $"{action} parses as {command}");
        });
    }

    [Fact]
    public void Alerts_and_digests_offer_unfollowing_topics_and_settings_and_never_the_topics_they_are_about()
    {
        var stories = CorpusReplies.CorpusStories.Take(6).ToList();
        var topic = stories[0].Topics[0];
        var alert = new AlertReply(topic, stories);
        Assert.Equal([ActionKind.Unfollow, ActionKind.Topics, ActionKind.Settings], alert.Actions.Select(a => a.Kind));
        Assert.DoesNotContain(alert.StoryFollows, f => f?.Command == ReplyActions.Subscribe(topic));

        var digest = new DigestReply(new DateOnly(2026, 5, 19), [new DigestSection(topic, stories[..3]), new DigestSection("chips", stories[3..])]);
        Assert.Equal(6, digest.StoryFollows.Count);
        Assert.Equal(["My topics", "Settings"], digest.Actions.Select(a => a.Label));
    }

    [Fact]
    public void Numbers_and_day_ranges_read_the_same_everywhere()
    {
        Assert.Equal("1,204 stories", Formats.Count(1204, "story", "stories"));
        Assert.Equal("showing 6–10 of 1,204", Formats.Showing(5, 5, 1204));
        Assert.Null(Formats.Showing(0, 3, 3));
        Assert.Equal("12 – 18 May 2026", Formats.Days(new DateOnly(2026, 5, 12), new DateOnly(2026, 5, 18)));
        Assert.Equal("28 Apr – 4 May 2026", Formats.Days(new DateOnly(2026, 4, 28), new DateOnly(2026, 5, 4)));
    }

    [Fact]
    public void Long_topics_and_questions_are_cut_between_words_into_commands_that_still_parse()
    {
        var topic = string.Join(' ', Enumerable.Repeat("semiconductor", 400));
        var follow = Offers.Follow(topic, following: false, redraw: Paging.Words(topic, 0));

        Assert.InRange(follow.Label.Length, 1, Offers.MaxLabel);
        var subscribe = Assert.IsType<Command.Subscribe>(MessageParser.Parse(follow.Command));
        Assert.InRange(subscribe.Topic.Length, 1, Subscriptions.MaxTopicLength);
        Assert.EndsWith("semiconductor", subscribe.Topic);
        var more = Assert.IsType<Command.More>(MessageParser.Parse(follow.Redraw!));
        Assert.InRange(more.QuestionText!.Length, 1, Paging.MaxQuestion);
        Assert.EndsWith("semiconductor", more.QuestionText);
    }
}
