using Briefly.Core.Briefs;
using Briefly.Core.Conversations;
using Briefly.Data.Entities;
using Briefly.Testing;

namespace Briefly.Slack.Tests.BlockKit;

/// <summary>Replies built from the real seed brief and the dev corpus, as the conversation core would hand them over.</summary>
internal static class SampleReplies
{
    public static BriefDocument Seed => CorpusReplies.Seed;

    public static IReadOnlyList<BriefDocument> Corpus { get; } = [.. CorpusReplies.Corpus.Select(d => d.Brief)];

    /// <summary>Every story of the dev corpus, ids 1..n in corpus order.</summary>
    public static IReadOnlyList<StoryView> CorpusStories => CorpusReplies.CorpusStories;

    public static BriefReply Brief(BriefDocument brief, DateOnly? previous = null) => CorpusReplies.Brief(brief, previous);

    /// <summary>A conversation as the core stores it, for the welcome it gets.</summary>
    public static Conversation Place(ConversationKind kind, TimeOnly? time, string zone, WeekDays days, bool paused = false) => new()
    {
        Platform = ChatPlatform.Slack, ExternalId = "C0456EFGH", ReferenceJson = "{}", Kind = kind,
        BriefTime = time, TimeZone = zone, BriefDays = days, Paused = paused,
    };

    private static IReadOnlyList<StoryView> StoriesAbout(string word) => CorpusReplies.About(word);

    /// <summary>One of each message kind, named for its golden file.</summary>
    public static IReadOnlyDictionary<string, Reply> All { get; } = BuildAll();

    private static Dictionary<string, Reply> BuildAll()
    {
        var huawei = StoriesAbout("Huawei");
        var deepSeek = StoriesAbout("DeepSeek");
        var topics = new[] { new TopicSuggestion("Huawei", 9), new TopicSuggestion("DeepSeek", 7), new TopicSuggestion("Nvidia", 4) };
        return new Dictionary<string, Reply>(StringComparer.Ordinal)
        {
            ["brief-seed"] = Brief(Seed, new DateOnly(2026, 4, 28)),
            ["brief-markdown-2026-05-05"] = Brief(Corpus.Single(b => b.Date == new DateOnly(2026, 5, 5)), new DateOnly(2026, 5, 4)),
            ["brief-separate-fields-2026-05-15"] = Brief(Corpus.Single(b => b.Date == new DateOnly(2026, 5, 15)), new DateOnly(2026, 5, 13)),
            ["brief-split-30-stories"] = new BriefReply("China AI Update Brief — 30 stories", new DateOnly(2026, 5, 19), new DateTime(2026, 5, 19, 8, 30, 0),
                [.. CorpusStories.Take(30)], [.. Corpus.SelectMany(b => b.Takeaways).Take(4)], new DateOnly(2026, 5, 18)),
            ["answer-first-page"] = new AnswerReply("latest on Huawei chips", "Huawei", [.. huawei.Take(3)], 0, huawei.Count, Following: false),
            ["answer-last-page-following"] = new AnswerReply("latest on Huawei chips", "Huawei", [.. huawei.Skip(3).Take(3)], 3, Math.Min(huawei.Count, 6), Following: true),
            ["no-answer"] = new NoAnswerReply("what about quantum computing?", "quantum computing", topics, Following: false),
            ["period"] = new PeriodReply("this week", "this week", new DateOnly(2026, 5, 11), new DateOnly(2026, 5, 15), "DeepSeek", [.. deepSeek.Take(2)], 0, 5),
            ["no-brief"] = new NoBriefReply(new DateOnly(2026, 5, 3), [new DateOnly(2026, 5, 2), new DateOnly(2026, 5, 4)]),
            ["subscribed"] = new SubscribedReply("Huawei", AlreadyFollowing: false, RecentStories: huawei.Count, AlertMode.Instant),
            ["subscribed-already-daily"] = new SubscribedReply("DeepSeek", AlreadyFollowing: true, RecentStories: 0, AlertMode.Daily),
            ["unsubscribed"] = new UnsubscribedReply("Huawei", WasFollowing: true, ["DeepSeek", "export controls"]),
            ["topics"] = new TopicsReply(["Huawei", "export controls"], topics),
            ["topics-none-followed"] = new TopicsReply([], topics),
            ["settings"] = new SettingsReply(AlertMode.Daily, new TimeOnly(8, 0), "Asia/Shanghai", new TimeOnly(22, 0), new TimeOnly(7, 0),
                new ScheduleView(new TimeOnly(8, 30), "Asia/Shanghai", WeekDays.Weekdays, Paused: false), "Quiet hours set to 22:00–07:00."),
            ["home"] = new HomeReply(["Huawei chips", "export controls & <sanctions>"],
            new SettingsReply(AlertMode.Daily, new TimeOnly(8, 0), "Asia/Shanghai", new TimeOnly(22, 0), new TimeOnly(7, 0), null, null),
            [new HomeChannel("C0NEWS", "china-ai", new ScheduleView(new TimeOnly(9, 0), "Asia/Shanghai", WeekDays.Weekdays, Paused: false)),
             new HomeChannel("C0CHIPS", "chips", new ScheduleView(new TimeOnly(8, 30), "UTC", WeekDays.Every, Paused: true))],
            new HomeBrief("China AI Update Brief — 25 November 2026", new DateOnly(2026, 11, 25),
                ["Huawei details Ascend 960 sampling schedule", "DeepSeek V4 tops open-weight leaderboards"])),
            ["home-new"] = new HomeReply([], new SettingsReply(AlertMode.Instant, new TimeOnly(8, 0), null, null, null, null, null), [], null),
            ["help"] = new HelpReply(null, HelpText.Examples),
            ["help-not-understood"] = new HelpReply("<@U123> blorp & co", HelpText.Examples),
            ["welcome-channel"] = Welcome.For(Place(ConversationKind.Channel, new TimeOnly(9, 0), "Asia/Shanghai", WeekDays.Weekdays)),
            ["welcome-group-no-brief"] = Welcome.For(Place(ConversationKind.Group, null, "UTC", WeekDays.Monday | WeekDays.Wednesday | WeekDays.Friday)),
            ["welcome-paused"] = Welcome.For(Place(ConversationKind.Channel, new TimeOnly(8, 0), "Europe/London", WeekDays.Every, paused: true)),
            ["welcome-personal"] = Welcome.For(Place(ConversationKind.Personal, null, "UTC", WeekDays.Weekdays)),
            ["whoami"] = new WhoAmIReply(ChatPlatform.Slack, "U0123ABCD", "ada", "C0456EFGH", ConversationKind.Channel, IsAdmin: false, AdminsConfigured: true),
            ["subscribed-alerts-off"] = new SubscribedReply("Huawei", AlreadyFollowing: false, RecentStories: 2, AlertMode.Off),
            ["invalid-input"] = new InvalidInputReply("quiet hours", "'22-7' is not a range like 22:00-07:00", "quiet hours 22:00-07:00, or quiet hours off"),
            ["not-allowed"] = new NotAllowedReply("change this channel's schedule"),
            ["subscribed-no-direct-chat"] = new SubscribedReply("Huawei", AlreadyFollowing: false, RecentStories: 2, AlertMode.Instant, NoDirectChat: true),
            ["apology"] = new ApologyReply(),
            ["no-more"] = new NoMoreReply("latest on Huawei chips", "on Huawei chips", 12),
            ["alert"] = new AlertReply("Huawei", [.. huawei.Take(2)]),
            ["digest"] = new DigestReply(new DateOnly(2026, 5, 15), [new DigestSection("Huawei", [.. huawei.Take(2)]), new DigestSection("DeepSeek", [.. deepSeek.Take(1)])]),
        };
    }
}
