using Briefly.Core.Conversations;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Core.Tests.Conversations;

/// <summary>Every sentence form a person uses, answered through the core with no platform involved.</summary>
public class ConversationTests
{
    [Theory]
    [InlineData("latest on Huawei chips", "Huawei chips")]
    [InlineData("what's new with DeepSeek?", "DeepSeek")]
    [InlineData("any news about export controls", "export controls")]
    [InlineData("updates on HBM", "HBM")]
    [InlineData("qwen", "qwen")]
    [InlineData("tell me about robotics", "robotics")]
    [InlineData("deepseak", "deepseak")]
    [InlineData("US export ctrl", "US export ctrl")]
    public async Task Topic_questions_are_answered_with_at_most_five_stories_newest_relevant_first(string question, string topic)
    {
        await using var core = await CoreHarness.StartAsync();

        var answer = await core.SayAsync<AnswerReply>(question);

        Assert.Equal(topic, answer.Topic);
        Assert.InRange(answer.Stories.Count, 1, StoryAnswers.PageSize);
        Assert.All(answer.Stories, s =>
        {
            Assert.NotEmpty(s.Title);
            Assert.NotEmpty(s.Source);
            Assert.NotEmpty(s.Summary);
            Assert.NotEmpty(s.Citations);
        });
        Assert.Equal(answer.Total > answer.Stories.Count, answer.HasMore);
        Assert.False(answer.Following);
    }

    [Fact]
    public async Task A_question_with_no_relevant_story_gets_none_and_close_topics_that_have_stories()
    {
        await using var core = await CoreHarness.StartAsync();

        var none = await core.SayAsync<NoAnswerReply>("any news on quantum computing in china?");

        Assert.Equal("quantum computing in china", none.Topic, ignoreCase: true);
        Assert.NotEmpty(none.CloseTopics);
        Assert.All(none.CloseTopics, t => Assert.True(t.StoryCount >= 2));
        Assert.StartsWith("Nothing on", none.FallbackText);
    }

    [Fact]
    public async Task More_pages_on_through_the_last_answer()
    {
        await using var core = await CoreHarness.StartAsync();

        var first = await core.SayAsync<AnswerReply>("any news about export controls");
        Assert.True(first.HasMore);
        var second = await core.SayAsync<AnswerReply>("more");

        Assert.Equal(StoryAnswers.PageSize, second.Offset);
        Assert.Empty(first.Stories.Select(s => s.Id).Intersect(second.Stories.Select(s => s.Id)));
        Assert.Equal(first.Total, second.Total);
    }

    [Fact]
    public async Task Day_and_period_questions_give_that_brief_or_those_stories()
    {
        await using var core = await CoreHarness.StartAsync();

        var twelfth = await core.SayAsync<BriefReply>("brief for 12 May");
        Assert.Equal(new DateOnly(2026, 5, 12), twelfth.Date);
        Assert.Equal(6, twelfth.Stories.Count);
        Assert.NotEmpty(twelfth.Takeaways);

        var today = await core.SayAsync<BriefReply>("today's brief");
        Assert.Equal(new DateOnly(2026, 5, 19), today.Date);

        var yesterday = await core.SayAsync<NoBriefReply>("yesterday");
        Assert.Equal(new DateOnly(2026, 5, 18), yesterday.Date);
        Assert.Equal([new DateOnly(2026, 5, 15), new DateOnly(2026, 5, 19)], yesterday.NearestDates);

        var latest = await core.SayAsync<BriefReply>("what's new?");
        Assert.Equal(new DateOnly(2026, 5, 19), latest.Date);

        var week = await core.SayAsync<PeriodReply>("this week");
        Assert.Equal((new DateOnly(2026, 5, 13), new DateOnly(2026, 5, 19)), (week.From, week.To));
        Assert.Equal(StoryAnswers.PageSize, week.Stories.Count);
        Assert.True(week.Total > week.Stories.Count);
    }

    [Fact]
    public async Task A_topic_is_one_subscription_however_it_is_written()
    {
        await using var core = await CoreHarness.StartAsync();

        var first = await core.SayAsync<SubscribedReply>("subscribe Huawei chips");
        Assert.False(first.AlreadyFollowing);
        Assert.True(first.RecentStories > 0);
        Assert.True((await core.SayAsync<SubscribedReply>("subscribe huawei chip")).AlreadyFollowing);
        Assert.True((await core.SayAsync<SubscribedReply>("follow Huawei’s chips")).AlreadyFollowing);
        await core.SayAsync<SubscribedReply>("subscribe to export controls");

        var topics = await core.SayAsync<TopicsReply>("my topics");
        Assert.Equal(["Huawei chips", "export controls"], topics.Following);
        Assert.NotEmpty(topics.Suggested);
        Assert.All(topics.Suggested, s => Assert.True(s.StoryCount >= 2));

        var answer = await core.SayAsync<AnswerReply>("latest on huawei chips");
        Assert.True(answer.Following);

        var removed = await core.SayAsync<UnsubscribedReply>("unsubscribe HUAWEI CHIPS");
        Assert.True(removed.WasFollowing);
        Assert.Equal(["export controls"], removed.StillFollowing);
        Assert.False((await core.SayAsync<UnsubscribedReply>("unsubscribe huawei chips")).WasFollowing);

        await using var db = core.Database.CreateContext();
        Assert.Equal(["export control"], await db.TopicSubscriptions.Select(s => s.TopicKey).ToListAsync());
    }

    [Fact]
    public async Task A_person_sets_alert_mode_time_zone_and_quiet_hours_and_bad_values_name_the_part()
    {
        await using var core = await CoreHarness.StartAsync();

        var daily = await core.SayAsync<SettingsReply>("alerts daily 07:30");
        Assert.Equal((AlertMode.Daily, new TimeOnly(7, 30)), (daily.AlertMode, daily.DigestTime));
        Assert.Equal(AlertMode.Instant, (await core.SayAsync<SettingsReply>("alerts instant")).AlertMode);
        Assert.Equal("Asia/Shanghai", (await core.SayAsync<SettingsReply>("timezone Asia/Shanghai")).TimeZone);
        var quiet = await core.SayAsync<SettingsReply>("quiet hours 22:00-07:00");
        Assert.Equal((new TimeOnly(22, 0), new TimeOnly(7, 0)), (quiet.QuietHoursStart!.Value, quiet.QuietHoursEnd!.Value));
        Assert.Null((await core.SayAsync<SettingsReply>("quiet hours off")).QuietHoursStart);

        var zone = await core.SayAsync<InvalidInputReply>("timezone Mars/Olympus");
        Assert.Equal("time zone", zone.Parameter);
        Assert.Equal("alert mode", (await core.SayAsync<InvalidInputReply>("alerts sometimes")).Parameter);
        Assert.Equal("quiet hours", (await core.SayAsync<InvalidInputReply>("quiet hours late")).Parameter);

        var settings = await core.SayAsync<SettingsReply>("settings");
        Assert.Equal(("Asia/Shanghai", AlertMode.Instant), (settings.TimeZone, settings.AlertMode));
    }

    [Fact]
    public async Task The_time_zone_the_platform_reports_is_taken()
    {
        await using var core = await CoreHarness.StartAsync();

        await core.SayAsync("help", timeZone: "America/New_York");

        var settings = await core.SayAsync<SettingsReply>("settings");
        Assert.Equal("America/New_York", settings.TimeZone);
    }

    [Fact]
    public async Task A_time_zone_the_person_chose_is_kept_whatever_the_platform_reports()
    {
        await using var core = await CoreHarness.StartAsync();
        await core.SayAsync("help", timeZone: "America/New_York");

        await core.SayAsync("timezone Asia/Shanghai", timeZone: "America/New_York");
        await core.SayAsync("help", timeZone: "Europe/London");

        Assert.Equal("Asia/Shanghai", (await core.SayAsync<SettingsReply>("settings")).TimeZone);
    }

    [Fact]
    public async Task A_channel_schedule_is_set_paused_and_resumed_by_admins_only()
    {
        await using var core = await CoreHarness.StartAsync(DatabaseProvider.Sqlite, "UADMIN");

        var refused = await core.SayAsync<NotAllowedReply>("schedule 08:30 Asia/Shanghai weekdays", user: "U2", conversation: "C1", kind: ConversationKind.Channel);
        Assert.Contains("schedule", refused.FallbackText);

        var set = await core.SayAsync<SettingsReply>("schedule 08:30 Asia/Shanghai weekdays", user: "UADMIN", conversation: "C1", kind: ConversationKind.Channel);
        Assert.Equal(new ScheduleView(new TimeOnly(8, 30), "Asia/Shanghai", WeekDays.Weekdays, Paused: false), set.Schedule);
        Assert.Equal("Daily brief at 08:30 Asia/Shanghai, weekdays.", set.Schedule!.Describe());

        Assert.True((await core.SayAsync<SettingsReply>("pause", user: "UADMIN", conversation: "C1", kind: ConversationKind.Channel)).Schedule!.Paused);
        Assert.IsType<NotAllowedReply>(await core.SayAsync("resume", user: "U2", conversation: "C1", kind: ConversationKind.Channel));
        Assert.False((await core.SayAsync<SettingsReply>("resume", user: "UADMIN", conversation: "C1", kind: ConversationKind.Channel)).Schedule!.Paused);

        var days = await core.SayAsync<SettingsReply>("schedule 7am mon,wed,fri", user: "UADMIN", conversation: "C1", kind: ConversationKind.Channel);
        Assert.Equal(WeekDays.Monday | WeekDays.Wednesday | WeekDays.Friday, days.Schedule!.Days);
        Assert.Equal("schedule days", (await core.SayAsync<InvalidInputReply>("schedule 08:30 Asia/Shanghai someday", user: "UADMIN", conversation: "C1", kind: ConversationKind.Channel)).Parameter);

        await using var db = core.Database.CreateContext();
        var channel = await db.Conversations.SingleAsync(c => c.ExternalId == "C1");
        Assert.Equal((new TimeOnly(7, 0), "Asia/Shanghai", false), (channel.BriefTime!.Value, channel.TimeZone, channel.Paused));
    }

    [Theory]
    [InlineData("help")]
    [InlineData("")]
    [InlineData("hi")]
    public async Task Help_shows_examples(string text)
    {
        await using var core = await CoreHarness.StartAsync();

        var help = await core.SayAsync<HelpReply>(text);

        Assert.Null(help.NotUnderstood);
        Assert.Contains("latest on Huawei chips", help.Examples);
    }

    [Fact]
    public async Task What_is_not_understood_gets_a_short_help_and_more_without_a_question_too()
    {
        await using var core = await CoreHarness.StartAsync();

        var framing = await core.SayAsync<HelpReply>("tell me about");
        Assert.Equal("tell me about", framing.NotUnderstood);
        Assert.NotEmpty(framing.Examples);
        Assert.Equal("more", (await core.SayAsync<HelpReply>("more")).NotUnderstood);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Answers_pick_up_a_brief_stored_after_the_index_was_built(DatabaseProvider provider)
    {
        await using var core = await CoreHarness.StartAsync(provider);
        Assert.IsType<NoAnswerReply>(await core.SayAsync("latest on Zorblatt"));

        // Another host (here: another scope, with no word to this one) stores a brief about it.
        core.Time.Advance(TimeSpan.FromMinutes(5));
        await core.IngestAsync("""
            China AI Update Brief — 20 May 2026

            Top Stories

            Zorblatt unveils an inference chip

            Source: Example Wire — 20 May 2026 Summary: Zorblatt showed a new inference chip built on a domestic process. Why It Matters: Another domestic accelerator vendor. Citation URL: https://example.test/zorblatt
            """u8.ToArray());

        var answer = await core.SayAsync<AnswerReply>("latest on Zorblatt");
        Assert.Equal("Zorblatt unveils an inference chip", Assert.Single(answer.Stories).Title);
    }
}
