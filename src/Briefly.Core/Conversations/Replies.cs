using Briefly.Data.Entities;

namespace Briefly.Core.Conversations;

/// <summary>
/// What the bot answers, free of any platform: the Teams and Slack projects render each kind as a card or blocks.
/// Every reply can say itself in plain text, for notifications, screen readers and the command line.
/// </summary>
public abstract record Reply
{
    public abstract string FallbackText { get; }
}

/// <summary>A stored story as people see it.</summary>
/// <param name="Topics">Names the story is about (from its title), offered as topics to follow.</param>
public sealed record StoryView(
    long Id,
    string Title,
    string Source,
    DateOnly Date,
    string DateText,
    string Summary,
    string WhyItMatters,
    IReadOnlyList<string> Citations,
    IReadOnlyList<string> Topics);

/// <summary>A topic people can follow, with how many recent stories it has.</summary>
public sealed record TopicSuggestion(string Topic, int StoryCount);

/// <summary>The stories that answer a topic question, newest squarely relevant first.</summary>
/// <param name="Offset">How many stories earlier pages showed; "more" continues from Offset + Stories.Count.</param>
/// <param name="Total">How many relevant stories there are in all.</param>
/// <param name="Following">Whether the asker already follows this topic (so no subscribe offer).</param>
public sealed record AnswerReply(
    string Question,
    string Topic,
    IReadOnlyList<StoryView> Stories,
    int Offset,
    int Total,
    bool Following) : Reply
{
    public bool HasMore => Offset + Stories.Count < Total;

    public override string FallbackText =>
        $"{Total} {(Total == 1 ? "story" : "stories")} on {Topic}: " + string.Join("; ", Stories.Select(s => $"{s.Title} ({s.Source}, {s.Date:d MMM})"));
}

/// <summary>Nothing stored matches; says so honestly and offers close topics that do have stories.</summary>
public sealed record NoAnswerReply(string Question, string Topic, IReadOnlyList<TopicSuggestion> CloseTopics, bool Following) : Reply
{
    public override string FallbackText =>
        $"Nothing on {Topic} yet." + (CloseTopics.Count == 0 ? "" : $" Stories on: {string.Join(", ", CloseTopics.Select(t => t.Topic))}.");
}

/// <summary>A whole day's brief: the daily post, or the answer to a date lookup ("today's brief").</summary>
/// <param name="PreviousDate">The brief before this one, for "see older briefs".</param>
public sealed record BriefReply(
    string Title,
    DateOnly Date,
    DateTime? PostedAt,
    IReadOnlyList<StoryView> Stories,
    IReadOnlyList<string> Takeaways,
    DateOnly? PreviousDate) : Reply
{
    public override string FallbackText => $"{Title}: " + string.Join("; ", Stories.Select(s => s.Title));
}

/// <summary>No brief for the day asked; names the nearest days that have one.</summary>
public sealed record NoBriefReply(DateOnly Date, IReadOnlyList<DateOnly> NearestDates) : Reply
{
    public override string FallbackText =>
        $"No brief for {Date:d MMMM yyyy}." + (NearestDates.Count == 0 ? "" : $" There are briefs for {string.Join(", ", NearestDates.Select(d => d.ToString("d MMM")))}.");
}

/// <summary>The stories of a period ("this week", "yesterday"), optionally on one topic, newest first.</summary>
public sealed record PeriodReply(string Question, string Period, DateOnly From, DateOnly To, string? Topic, IReadOnlyList<StoryView> Stories, int Offset, int Total) : Reply
{
    public bool HasMore => Offset + Stories.Count < Total;

    public override string FallbackText =>
        $"{Total} {(Total == 1 ? "story" : "stories")} {Period}{(Topic is null ? "" : $" on {Topic}")}: " + string.Join("; ", Stories.Select(s => s.Title));
}

/// <param name="NoDirectChat">
/// The person has no one-to-one chat with the bot and the platform would not open one: alerts cannot reach them until they
/// write to the bot directly, and the reply says so instead of promising alerts.
/// </param>
public sealed record SubscribedReply(string Topic, bool AlreadyFollowing, int RecentStories, AlertMode Mode, bool NoDirectChat = false) : Reply
{
    public const string StartDirectChat = "To get alerts, send me a direct message (say hi) so I have a chat to send them to.";

    public override string FallbackText =>
        (AlreadyFollowing ? $"You already follow {Topic}." : $"Following {Topic}. ") +
        (NoDirectChat ? " " + StartDirectChat
            : AlreadyFollowing ? ""
            : Mode == AlertMode.Instant ? "You'll get an alert when a new story matches." : "Matching stories will be in your daily digest.");
}

/// <summary>Handling a message failed for good (Briefly's fault, not the platform's): said once, plainly.</summary>
public sealed record ApologyReply : Reply
{
    public override string FallbackText => "Sorry, something went wrong while handling that. Please try again in a moment.";
}

public sealed record UnsubscribedReply(string Topic, bool WasFollowing, IReadOnlyList<string> StillFollowing) : Reply
{
    public override string FallbackText => WasFollowing ? $"Stopped following {Topic}." : $"You were not following {Topic}.";
}

/// <summary>`my topics`: what the person follows, and the topics frequent in recent stories.</summary>
public sealed record TopicsReply(IReadOnlyList<string> Following, IReadOnlyList<TopicSuggestion> Suggested) : Reply
{
    public override string FallbackText =>
        (Following.Count == 0 ? "You follow no topics yet." : $"You follow: {string.Join(", ", Following)}.") +
        (Suggested.Count == 0 ? "" : $" Popular: {string.Join(", ", Suggested.Select(s => $"{s.Topic} ({s.StoryCount})"))}.");
}

/// <summary>A person's settings, and the conversation's brief schedule when asked in a channel.</summary>
public sealed record SettingsReply(
    AlertMode AlertMode,
    TimeOnly DigestTime,
    string? TimeZone,
    TimeOnly? QuietHoursStart,
    TimeOnly? QuietHoursEnd,
    ScheduleView? Schedule,
    string? Changed) : Reply
{
    public override string FallbackText =>
        (Changed is null ? "" : Changed + " ") +
        $"Alerts: {(AlertMode == AlertMode.Instant ? "instant" : $"daily digest at {DigestTime:HH:mm}")}; time zone: {TimeZone ?? "not set (UTC)"}; " +
        $"quiet hours: {(QuietHoursStart is { } start && QuietHoursEnd is { } end ? $"{start:HH:mm}–{end:HH:mm}" : "off")}." +
        (Schedule is null ? "" : " " + Schedule.Describe());
}

/// <summary>A channel's daily brief schedule.</summary>
public sealed record ScheduleView(TimeOnly? Time, string TimeZone, WeekDays Days, bool Paused)
{
    public string Describe() => Time is not { } time
        ? "This conversation gets no daily brief."
        : $"Daily brief at {time:HH:mm} {TimeZone}, {DayNames.Describe(Days)}{(Paused ? " (paused)" : "")}.";
}

/// <summary>Help: what the bot does, with examples; <see cref="NotUnderstood"/> quotes what was not understood.</summary>
public sealed record HelpReply(string? NotUnderstood, IReadOnlyList<string> Examples) : Reply
{
    public override string FallbackText =>
        (NotUnderstood is null ? "" : $"Sorry, I didn't understand \"{NotUnderstood}\". ") + "Try: " + string.Join(" · ", Examples);
}

/// <summary>A setting given in a form the bot cannot use; names the part and shows a working example.</summary>
public sealed record InvalidInputReply(string Parameter, string Problem, string Example) : Reply
{
    public override string FallbackText => $"{Parameter}: {Problem}. For example: {Example}";
}

/// <summary>Only the users in Briefly:Admins may change a channel's schedule.</summary>
public sealed record NotAllowedReply(string Action) : Reply
{
    public override string FallbackText => $"Only Briefly admins can {Action}.";
}

/// <summary>New stories on a topic the person follows, sent as soon as they are stored (outside quiet hours).</summary>
public sealed record AlertReply(string Topic, IReadOnlyList<StoryView> Stories) : Reply
{
    public override string FallbackText =>
        $"New on {Topic}: " + string.Join("; ", Stories.Select(s => s.Title));
}

/// <summary>A person's daily digest: the new stories on each topic they follow, at their digest time.</summary>
public sealed record DigestReply(DateOnly Date, IReadOnlyList<DigestSection> Sections) : Reply
{
    public override string FallbackText =>
        $"Your digest for {Date:d MMMM}: " + string.Join("; ", Sections.Select(s => $"{s.Topic} ({s.Stories.Count})"));
}

public sealed record DigestSection(string Topic, IReadOnlyList<StoryView> Stories);

/// <summary>
/// What a button sends back: the same words a person could type, so a button press is handled exactly like a message
/// (Teams Action.Execute / Action.Submit data and Slack button values carry this text).
/// </summary>
public static class ReplyActions
{
    public const string DataKey = "command";

    public static string Subscribe(string topic) => $"subscribe {topic}";

    public static string Unsubscribe(string topic) => $"unsubscribe {topic}";

    public static string More => "more";

    public static string BriefFor(DateOnly date) => $"brief for {date:yyyy-MM-dd}";

    public static string Help => "help";

    public static string Topics => "my topics";

    public static string Settings => "settings";
}
