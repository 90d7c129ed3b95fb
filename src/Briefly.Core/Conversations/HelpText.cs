namespace Briefly.Core.Conversations;

/// <summary>What Briefly says it understands: example questions, and its commands by section, for help and for replies that teach.</summary>
public static class HelpText
{
    public static IReadOnlyList<string> Examples { get; } =
    [
        "latest on Huawei chips",
        "what's new with DeepSeek?",
        "today's brief",
        "brief for 12 May",
        "this week",
        "subscribe export controls",
        "my topics",
        "alerts daily 08:00",
        "timezone Asia/Shanghai",
    ];

    /// <summary>Every command a person can use, grouped as people look for them; each line is typed as shown.</summary>
    public static IReadOnlyList<HelpSection> Commands { get; } =
    [
        new("Ask", [
            new("latest on Huawei chips", "the newest stories on a topic, five at a time"),
            new("today's brief, brief for 12 May", "a day's whole brief"),
            new("yesterday, this week", "the stories of a period"),
            new("more", "the next five stories of your last answer"),
        ]),
        new("Follow topics", [
            new("subscribe <topic>", "get alerts when a new story matches it"),
            new("unsubscribe <topic>", "stop following it"),
            new("my topics", "what you follow, and popular topics"),
        ]),
        new("Your alerts", [
            new("alerts instant", "an alert as soon as a story matches"),
            new("alerts daily 08:00", "one digest a day at that time"),
            new("alerts off", "no alerts or digest; your topics are kept"),
            new("timezone Asia/Shanghai", "the time zone your times are in"),
            new("quiet hours 22:00-07:00", "no instant alerts then (quiet hours off to clear)"),
            new("settings", "your settings and this conversation's schedule"),
            new("home", "your topics, alerts, the channels with the brief and the latest brief at a glance"),
        ]),
        new("This channel's daily brief", [
            new("schedule 08:30 Asia/Shanghai weekdays", "when the brief is posted here (daily, weekdays, mon,wed,fri; schedule off to stop)"),
            new("pause, resume", "hold the brief here and bring it back"),
        ]),
        new("About you", [
            new("whoami", "your user id, this conversation's id, and whether you are a Briefly admin"),
            new("help", "this list"),
        ]),
    ];
}
