using Briefly.Core.Conversations;
using Briefly.Data;
using Briefly.Data.Entities;

namespace Briefly.Core.Tests.Conversations;

/// <summary>
/// "More" as a button carries its question and page, so it continues the card it is on for whoever presses it; typed
/// "more" continues one's own last answer; past the end says so.
/// </summary>
public class PagingTests
{
    private const string ExportControls = "any news about export controls";

    [Theory]
    [InlineData("latest on Huawei chips", 5)]
    [InlineData("more | or less? 3 | chips", 0)]
    [InlineData("what's new with DeepSeek? more please", 9999)]
    public void More_words_read_back_as_the_question_and_offset_they_carry(string question, int offset)
    {
        var words = Paging.Words(question, offset);

        Assert.Equal(new Command.More(question, offset), MessageParser.Parse(words));
    }

    [Theory]
    [InlineData("more news on Huawei")]
    [InlineData("more 5 things about AI")]
    [InlineData("more 5 |")]
    [InlineData("tell me more | about chips")]
    public void A_question_that_merely_contains_more_is_a_question(string text) =>
        Assert.Equal(new Command.Question(text), MessageParser.Parse(text));

    [Theory]
    [InlineData("more")]
    [InlineData("show more")]
    [InlineData("next")]
    public void Typed_more_continues_ones_own_last_question(string text) => Assert.Equal(new Command.More(), MessageParser.Parse(text));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Anyone_pressing_More_on_an_answer_gets_the_next_page_of_that_answer(DatabaseProvider provider)
    {
        await using var core = await CoreHarness.StartAsync(provider);
        var first = await core.SayAsync<AnswerReply>(ExportControls, user: "U1", conversation: "C1", kind: ConversationKind.Channel);
        var more = Assert.Single(first.Actions, a => a.Kind == ActionKind.More);
        Assert.Equal(Paging.Words(ExportControls, StoryAnswers.PageSize), more.Command);
        // U2's own last question is another one: the button still continues U1's card.
        await core.SayAsync<AnswerReply>("what's new with DeepSeek?", user: "U2", conversation: "C1", kind: ConversationKind.Channel);

        var second = await core.SayAsync<AnswerReply>(more.Command, user: "U2", conversation: "C1", kind: ConversationKind.Channel);

        Assert.Equal((first.Topic, StoryAnswers.PageSize, first.Total), (second.Topic, second.Offset, second.Total));
        Assert.Empty(first.Stories.Select(s => s.Id).Intersect(second.Stories.Select(s => s.Id)));
        // Pressed twice (a second person, a platform retry): the same page, not the one after.
        var again = await core.SayAsync<AnswerReply>(more.Command, user: "U3", conversation: "C1", kind: ConversationKind.Channel);
        Assert.Equal(second.Stories.Select(s => s.Id), again.Stories.Select(s => s.Id));
        // Typed "more" is one's own: U1 goes on from their first page.
        var typed = await core.SayAsync<AnswerReply>("more", user: "U1", conversation: "C1", kind: ConversationKind.Channel);
        Assert.Equal(second.Stories.Select(s => s.Id), typed.Stories.Select(s => s.Id));
        // Someone who asked nothing has nothing to continue.
        Assert.IsType<HelpReply>(await core.SayAsync("more", user: "U4", conversation: "C1", kind: ConversationKind.Channel));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Past_the_last_story_More_says_there_are_no_more(DatabaseProvider provider)
    {
        await using var core = await CoreHarness.StartAsync(provider);
        var page = await core.SayAsync<AnswerReply>(ExportControls, user: "U1");
        var seen = page.Stories.Count;
        while (page.HasMore)
        {
            page = await core.SayAsync<AnswerReply>(Assert.Single(page.Actions, a => a.Kind == ActionKind.More).Command, user: "U2");
            seen += page.Stories.Count;
        }
        Assert.Equal(page.Total, seen);
        Assert.DoesNotContain(page.Actions, a => a.Kind == ActionKind.More);

        // A button made before more stories were removed, or typed on after the end: a clear end, no empty header.
        var pastEnd = await core.SayAsync<NoMoreReply>(Paging.Words(ExportControls, page.Total), user: "U3");
        Assert.Equal((page.Total, "on export controls"), (pastEnd.Total, pastEnd.Subject));
        Assert.StartsWith("No more stories on export controls", pastEnd.FallbackText);
        var typed = await core.SayAsync<NoMoreReply>("more", user: "U2");
        Assert.Equal(page.Total, typed.Total);
        var restart = Assert.Single(typed.Actions, a => a.Kind == ActionKind.More);
        Assert.Equal(0, (await core.SayAsync<AnswerReply>(restart.Command, user: "U2")).Offset);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_20_KB_question_is_answered_with_buttons_that_stay_small_and_still_work(DatabaseProvider provider)
    {
        await using var core = await CoreHarness.StartAsync(provider);
        var question = "latest on export controls " + string.Join(' ', Enumerable.Repeat("export controls chips", 1000));
        Assert.True(question.Length > 20_000);

        var reply = await core.SayAsync(question, user: "U1");

        Assert.IsNotType<ApologyReply>(reply);
        Assert.NotEmpty(reply!.AllActions);
        Assert.All(reply.AllActions, a =>
        {
            Assert.InRange(a.Label.Length, 1, Offers.MaxLabel);
            Assert.InRange(a.Command.Length, 1, Paging.MaxQuestion + 20);
            Assert.True(a.Redraw is null || a.Redraw.Length <= Paging.MaxQuestion + 20);
        });
        var follow = Assert.Single(reply.Actions, a => a.Kind == ActionKind.Follow);
        Assert.IsType<SubscribedReply>(await core.SayAsync(follow.Command, user: "U1"));
        if (reply is AnswerReply { HasMore: true } answer)
        {
            var next = await core.SayAsync<AnswerReply>(Assert.Single(answer.Actions, a => a.Kind == ActionKind.More).Command, user: "U2");
            Assert.Equal((answer.Topic, StoryAnswers.PageSize), (next.Topic, next.Offset));
        }
    }
}
