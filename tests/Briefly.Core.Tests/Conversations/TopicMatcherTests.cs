using System.Text;
using Briefly.Core.Conversations;
using Briefly.Core.Search;
using Briefly.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Briefly.Core.Tests.Conversations;

public class TopicMatcherTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task New_stories_match_the_followed_topics_they_would_answer_and_no_others(DatabaseProvider provider)
    {
        await using var core = await CoreHarness.StartAsync(provider);
        await core.SayAsync<SubscribedReply>("subscribe Huawei chips", user: "U1");
        await core.SayAsync<SubscribedReply>("follow huawei's chips", user: "U2");
        await core.SayAsync<SubscribedReply>("subscribe export controls", user: "U2");
        await core.SayAsync<SubscribedReply>("subscribe quantum computing", user: "U3");

        core.Time.Advance(TimeSpan.FromMinutes(1));
        var outcome = await core.IngestAsync(Encoding.UTF8.GetBytes("""
            China AI Update Brief — 20 May 2026

            Top Stories

            Huawei ships Ascend 960 accelerators to three cloud providers

            Source: Example Wire — 20 May 2026 Summary: Huawei began shipping its Ascend 960 AI chips to three domestic cloud providers, ahead of its own schedule. Why It Matters: Domestic accelerators are reaching volume. Citation URL: https://example.test/ascend-960

            Unitree opens a second humanoid robot factory

            Source: Example Wire — 20 May 2026 Summary: Unitree opened a factory in Hangzhou for its humanoid robots. Why It Matters: Robot makers are scaling up. Citation URL: https://example.test/unitree
            """));

        var matches = await core.MatchAsync(outcome.NewStoryIds);

        var huawei = outcome.NewStoryIds[0];
        var match = Assert.Single(matches);
        Assert.Equal((TopicKeys.Of("Huawei chips"), huawei), (match.TopicKey, match.StoryId));

        // The same notion of relevance as answers: the matched story is in the answer to "latest on" the topic.
        var answer = await core.SayAsync<AnswerReply>("latest on Huawei chips");
        Assert.Equal(huawei, answer.Stories[0].Id);
    }
}
