using Briefly.Core.Briefs;
using Briefly.Core.Conversations;
using Briefly.Data.Entities;
using Briefly.Testing;

namespace Briefly.Teams.Tests.Cards;

/// <summary>Replies built from the real seed brief and the dev corpus, as the conversation core would give them.</summary>
internal static class CardFixtures
{
    /// <summary>The dev corpus briefs by file name.</summary>
    public static IReadOnlyList<(string Name, BriefDocument Brief)> DevDocuments => CorpusReplies.Corpus;

    /// <summary>Every dev corpus story with ids 1..n in corpus order.</summary>
    public static IReadOnlyList<StoryView> DevStories => CorpusReplies.CorpusStories;

    public static BriefReply SeedBrief { get; } = CorpusReplies.Brief(CorpusReplies.Seed, new DateOnly(2026, 4, 28));

    public static BriefReply DevBrief(string name)
    {
        var index = DevDocuments.Select(d => d.Name).ToList().IndexOf(name);
        Assert.True(index >= 0, $"no dev brief {name}");
        return CorpusReplies.Brief(DevDocuments[index].Brief, index == 0 ? null : DevDocuments[index - 1].Brief.Date);
    }

    /// <summary>A conversation as the core stores it, for the welcome it gets.</summary>
    public static Conversation Place(ConversationKind kind, TimeOnly? time, string zone, WeekDays days, bool paused = false) => new()
    {
        Platform = ChatPlatform.Teams, ExternalId = "19:place@thread.tacv2", ReferenceJson = "{}", Kind = kind,
        BriefTime = time, TimeZone = zone, BriefDays = days, Paused = paused,
    };

    private static IReadOnlyList<StoryView> About(string word) => CorpusReplies.About(word);

    public static AnswerReply Answer(string question, string topic, string word, int offset, int take, bool following)
    {
        var all = About(word);
        return new AnswerReply(question, topic, [.. all.Skip(offset).Take(take)], offset, all.Count, following);
    }

    /// <summary>One of each message kind, from the seed and dev corpus: the golden files are these, rendered.</summary>
    public static IReadOnlyList<(string Name, Reply Reply)> GoldenCases { get; } =
    [
        ("brief-seed", SeedBrief),
        ("brief-dev-markdown", DevBrief("brief-2026-05-05")),
        ("brief-dev-noisy", DevBrief("brief-2026-05-07")),
        ("brief-dev-fields", DevBrief("brief-2026-05-15")),
        ("answer", Answer("latest on Huawei chips", "Huawei", "Huawei", 0, 4, following: false)),
        ("answer-more-following", Answer("more", "Huawei", "Huawei", 4, 4, following: true)),
        ("no-answer", new NoAnswerReply("any news on quantum sensors?", "quantum sensors",
            [new("Huawei", 14), new("DeepSeek", 9), new("export controls", 6)], Following: false)),
        ("period", new PeriodReply("this week", "this week", new(2026, 5, 13), new(2026, 5, 19), null,
            [.. DevStories.Where(s => s.Date >= new DateOnly(2026, 5, 13)).OrderByDescending(s => s.Date).Take(4)], 0,
            DevStories.Count(s => s.Date >= new DateOnly(2026, 5, 13)))),
        ("no-brief", new NoBriefReply(new(2026, 5, 3), [new(2026, 5, 2), new(2026, 5, 4)])),
        ("subscribed", new SubscribedReply("Huawei chips", AlreadyFollowing: false, RecentStories: 7, AlertMode.Instant)),
        ("subscribed-already", new SubscribedReply("DeepSeek", AlreadyFollowing: true, RecentStories: 0, AlertMode.Daily)),
        ("unsubscribed", new UnsubscribedReply("DeepSeek", WasFollowing: true, ["Huawei chips", "export controls"])),
        ("topics", new TopicsReply(["Huawei chips", "export controls"],
            [new("DeepSeek", 9), new("Huawei chips", 14), new("Alibaba", 5), new("Moonshot", 3)])),
        ("topics-empty", new TopicsReply([], [new("DeepSeek", 9), new("Huawei", 14)])),
        ("settings", new SettingsReply(AlertMode.Daily, new(8, 0), "Asia/Shanghai", new(22, 0), new(7, 0), null, "Time zone set to Asia/Shanghai.")),
        ("settings-channel", new SettingsReply(AlertMode.Instant, new(9, 0), null, null, null,
            new ScheduleView(new(8, 30), "Asia/Shanghai", WeekDays.Weekdays, Paused: false), null)),
        ("home", new HomeReply(["Huawei chips", "export controls & <sanctions>"],
            new SettingsReply(AlertMode.Daily, new(8, 0), "Asia/Shanghai", new(22, 0), new(7, 0), null, null),
            [new HomeChannel("C0NEWS", "china-ai", new ScheduleView(new(9, 0), "Asia/Shanghai", WeekDays.Weekdays, Paused: false)),
             new HomeChannel("C0CHIPS", "chips", new ScheduleView(new(8, 30), "UTC", WeekDays.Every, Paused: true))],
            new HomeBrief("China AI Update Brief — 25 November 2026", new(2026, 11, 25),
                ["Huawei details Ascend 960 sampling schedule", "DeepSeek V4 tops open-weight leaderboards"]))),
        ("help", new HelpReply(null, HelpText.Examples)),
        ("help-not-understood", new HelpReply("frobnicate the <brief> & co", HelpText.Examples)),
        ("welcome-channel", Welcome.For(Place(ConversationKind.Channel, new TimeOnly(9, 0), "Asia/Shanghai", WeekDays.Weekdays))),
        ("welcome-group-no-brief", Welcome.For(Place(ConversationKind.Group, null, "UTC", WeekDays.Monday | WeekDays.Wednesday | WeekDays.Friday))),
        ("welcome-paused", Welcome.For(Place(ConversationKind.Channel, new TimeOnly(8, 0), "Europe/London", WeekDays.Every, paused: true))),
        ("welcome-personal", Welcome.For(Place(ConversationKind.Personal, null, "UTC", WeekDays.Weekdays))),
        ("whoami", new WhoAmIReply(ChatPlatform.Teams, "6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b", "Ada Lovelace", "19:3f2a…@thread.tacv2", ConversationKind.Channel,
            IsAdmin: true, AdminsConfigured: true)),
        ("whoami-no-admins", new WhoAmIReply(ChatPlatform.Teams, "6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b", null, "a:1Xyz", ConversationKind.Personal,
            IsAdmin: false, AdminsConfigured: false)),
        ("subscribed-alerts-off", new SubscribedReply("Huawei chips", AlreadyFollowing: false, RecentStories: 3, AlertMode.Off)),
        ("invalid-input", new InvalidInputReply("quiet hours", "'late' is not a range like 22:00-07:00", "quiet hours 22:00-07:00, or quiet hours off")),
        ("not-allowed", new NotAllowedReply("change this channel's brief schedule")),
        ("subscribed-no-direct-chat", new SubscribedReply("DeepSeek", AlreadyFollowing: false, RecentStories: 3, AlertMode.Instant, NoDirectChat: true)),
        ("apology", new ApologyReply()),
        ("no-more", new NoMoreReply("latest on Huawei chips", "on Huawei chips", 12)),
        ("alert", new AlertReply("DeepSeek", [.. About("DeepSeek").Take(2)])),
        ("digest", new DigestReply(new(2026, 5, 19),
        [
            new("Huawei", [.. About("Huawei").Take(2)]),
            new("export controls", [.. About("export control").Take(2)]),
        ])),
    ];
}
