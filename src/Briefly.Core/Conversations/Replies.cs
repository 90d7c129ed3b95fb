using System.Globalization;
using Briefly.Data.Entities;

namespace Briefly.Core.Conversations;

/// <summary>
/// What the bot answers, free of any platform: the Teams and Slack projects render each kind as a card or blocks.
/// Every reply can say itself in plain text, for notifications, screen readers and the command line.
/// </summary>
public abstract record Reply
{
    public abstract string FallbackText { get; }

    /// <summary>The buttons at the foot of the reply, in order (computed from the reply, so never stored).</summary>
    public virtual IReadOnlyList<ReplyAction> Actions => [];

    /// <summary>Every button the reply offers, in the order a reader meets them: beside stories or rows first, then the foot.</summary>
    public virtual IEnumerable<ReplyAction> AllActions => Actions;
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
    /// <summary>The asker's topic keys, so the stories' follow buttons show which topics they already follow.</summary>
    public IReadOnlyList<string> FollowedKeys { get; init; } = [];

    public bool HasMore => Offset + Stories.Count < Total;

    /// <summary>The words that draw this page again (see <see cref="ReplyAction.Redraw"/>).</summary>
    public string Redraw => Paging.Words(Question, Offset);

    public IReadOnlyList<ReplyAction?> StoryFollows => Offers.StoryFollows(Stories, [Topic], FollowedKeys, Redraw);

    public override IReadOnlyList<ReplyAction> Actions =>
        [.. HasMore ? [Offers.More(Question, Offset + Stories.Count)] : Array.Empty<ReplyAction>(), Offers.Follow(Topic, Following, Redraw)];

    public override IEnumerable<ReplyAction> AllActions => [.. StoryFollows.OfType<ReplyAction>(), .. Actions];

    public override string FallbackText =>
        $"{Formats.Count(Total, "story", "stories")} on {Topic}: " + string.Join("; ", Stories.Select(s => $"{s.Title} ({s.Source}, {s.Date:d MMM})"));
}

/// <summary>Nothing stored matches; says so honestly and offers close topics that do have stories.</summary>
public sealed record NoAnswerReply(string Question, string Topic, IReadOnlyList<TopicSuggestion> CloseTopics, bool Following) : Reply
{
    /// <summary>Each close topic as a question: "Huawei (3)" asks "latest on Huawei".</summary>
    public IReadOnlyList<ReplyAction> CloseTopicActions =>
        [.. CloseTopics.Select(t => Offers.LatestOn(t.Topic, Offers.Label(t.Topic, $" ({Formats.Number(t.StoryCount)})")))];

    public override IReadOnlyList<ReplyAction> Actions => [Offers.Follow(Topic, Following, Paging.Words(Question, 0))];

    public override IEnumerable<ReplyAction> AllActions => [.. CloseTopicActions, .. Actions];

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
    /// <summary>A brief goes to a whole channel, so no one's subscriptions are shown on it.</summary>
    public IReadOnlyList<ReplyAction?> StoryFollows => Offers.StoryFollows(Stories, [], []);

    public override IReadOnlyList<ReplyAction> Actions =>
        [.. PreviousDate is { } previous ? [Offers.BriefFor(previous, "Older briefs")] : Array.Empty<ReplyAction>(), Offers.MyTopics];

    public override IEnumerable<ReplyAction> AllActions => [.. StoryFollows.OfType<ReplyAction>(), .. Actions];

    public override string FallbackText => $"{Title}: " + string.Join("; ", Stories.Select(s => s.Title));
}

/// <summary>No brief for the day asked; names the nearest days that have one.</summary>
public sealed record NoBriefReply(DateOnly Date, IReadOnlyList<DateOnly> NearestDates) : Reply
{
    public override IReadOnlyList<ReplyAction> Actions => [.. NearestDates.Take(6).Select(d => Offers.BriefFor(d, "Brief for " + Formats.ShortDay(d)))];

    public override string FallbackText =>
        $"No brief for {Date:d MMMM yyyy}." + (NearestDates.Count == 0 ? "" : $" There are briefs for {string.Join(", ", NearestDates.Select(d => d.ToString("d MMM", CultureInfo.InvariantCulture)))}.");
}

/// <summary>The stories of a period ("this week", "yesterday"), optionally on one topic, newest first.</summary>
public sealed record PeriodReply(string Question, string Period, DateOnly From, DateOnly To, string? Topic, IReadOnlyList<StoryView> Stories, int Offset, int Total) : Reply
{
    /// <summary>The asker's topic keys, so follow buttons show which topics they already follow.</summary>
    public IReadOnlyList<string> FollowedKeys { get; init; } = [];

    public bool HasMore => Offset + Stories.Count < Total;

    public string Redraw => Paging.Words(Question, Offset);

    public IReadOnlyList<ReplyAction?> StoryFollows => Offers.StoryFollows(Stories, Topic is null ? [] : [Topic], FollowedKeys, Redraw);

    public override IReadOnlyList<ReplyAction> Actions =>
    [
        .. HasMore ? [Offers.More(Question, Offset + Stories.Count)] : Array.Empty<ReplyAction>(),
        .. Topic is { } topic ? [Offers.Follow(topic, FollowedKeys.Contains(TopicKeys.Of(Paging.BoundTopic(topic))), Redraw)] : Array.Empty<ReplyAction>(),
    ];

    public override IEnumerable<ReplyAction> AllActions => [.. StoryFollows.OfType<ReplyAction>(), .. Actions];

    public override string FallbackText =>
        $"{Formats.Count(Total, "story", "stories")} {Period}{(Topic is null ? "" : $" on {Topic}")}: " + string.Join("; ", Stories.Select(s => s.Title));
}

/// <summary>
/// "More" past the last story: says all of them were shown rather than a header over nothing, and offers the first page
/// again.
/// </summary>
/// <param name="Subject">"on Huawei chips", "this week": what the stories were about.</param>
public sealed record NoMoreReply(string Question, string Subject, int Total) : Reply
{
    public override IReadOnlyList<ReplyAction> Actions =>
        [new ReplyAction("Back to the first stories", Paging.Words(Question, 0), ActionKind.More), Offers.MyTopics];

    public override string FallbackText =>
        $"No more stories {Subject}: {(Total == 1 ? "the only one was" : $"all {Formats.Count(Total, "story", "stories")} were")} shown already.";
}

/// <param name="NoDirectChat">
/// The person has no one-to-one chat with the bot and the platform would not open one: alerts cannot reach them until they
/// write to the bot directly, and the reply says so instead of promising alerts.
/// </param>
public sealed record SubscribedReply(string Topic, bool AlreadyFollowing, int RecentStories, AlertMode Mode, bool NoDirectChat = false) : Reply
{
    public const string StartDirectChat = "To get alerts, send me a direct message (say hi) so I have a chat to send them to.";

    public override IReadOnlyList<ReplyAction> Actions =>
    [
        .. RecentStories > 0 ? [Offers.LatestOn(Topic, "Latest on " + Topic, ActionEmphasis.Primary)] : Array.Empty<ReplyAction>(),
        Offers.MyTopics,
        Offers.AlertSettings,
    ];

    public override string FallbackText =>
        (AlreadyFollowing ? $"You already follow {Topic}." : $"Following {Topic}.") +
        (NoDirectChat ? " " + StartDirectChat
            : AlreadyFollowing ? ""
            : " " + Mode switch
            {
                AlertMode.Instant => "You'll get an alert when a new story matches.",
                AlertMode.Daily => "Matching stories will be in your daily digest.",
                _ => "Your alerts are off: say alerts instant or alerts daily to hear about it.",
            });
}

/// <summary>Handling a message failed for good (Briefly's fault, not the platform's): said once, plainly.</summary>
public sealed record ApologyReply : Reply
{
    public override string FallbackText => "Sorry, something went wrong while handling that. Please try again in a moment.";
}

public sealed record UnsubscribedReply(string Topic, bool WasFollowing, IReadOnlyList<string> StillFollowing) : Reply
{
    public override IReadOnlyList<ReplyAction> Actions =>
    [
        .. WasFollowing
            ? [new ReplyAction(Offers.Label("Follow " + Topic + " again"), ReplyActions.Subscribe(Paging.BoundTopic(Topic)), ActionKind.Follow)]
            : Array.Empty<ReplyAction>(),
        Offers.MyTopics,
    ];

    public override string FallbackText => WasFollowing ? $"Stopped following {Topic}." : $"You were not following {Topic}.";
}

/// <summary>`my topics`: what the person follows, and the topics frequent in recent stories.</summary>
public sealed record TopicsReply(IReadOnlyList<string> Following, IReadOnlyList<TopicSuggestion> Suggested) : Reply
{
    /// <summary>Beside each followed topic, in order.</summary>
    public IReadOnlyList<ReplyAction> FollowingActions => [.. Following.Select(t => Offers.Unfollow(t, "Unfollow"))];

    /// <summary>Beside each suggestion, in order.</summary>
    public IReadOnlyList<ReplyAction> SuggestedActions =>
        [.. Suggested.Select(s => new ReplyAction("Follow", ReplyActions.Subscribe(Paging.BoundTopic(s.Topic)), ActionKind.Follow, ActionEmphasis.Primary))];

    public override IReadOnlyList<ReplyAction> Actions => [Offers.Settings, Offers.Help];

    public override IEnumerable<ReplyAction> AllActions => [.. FollowingActions, .. SuggestedActions, .. Actions];

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
    public override IReadOnlyList<ReplyAction> Actions => [Offers.MyTopics, Offers.Help];

    public override string FallbackText =>
        (Changed is null ? "" : Changed + " ") +
        $"Alerts: {AlertMode switch { AlertMode.Instant => "instant", AlertMode.Daily => $"daily digest at {DigestTime:HH:mm}", _ => "off" }}; time zone: {TimeZone ?? "not set (UTC)"}; " +
        $"quiet hours: {(QuietHoursStart is { } start && QuietHoursEnd is { } end ? $"{start:HH:mm}–{end:HH:mm}" : "off")}." +
        (Schedule is null ? "" : " " + Schedule.Describe());
}

/// <summary>
/// A person's Briefly at a glance (Slack's Home tab; "home" anywhere): the topics they follow, each with an unfollow button,
/// their alert settings, the channels of their workspace or team that get the brief, and the latest brief's headlines.
/// </summary>
public sealed record HomeReply(IReadOnlyList<string> Following, SettingsReply Settings, IReadOnlyList<HomeChannel> Channels, HomeBrief? Latest) : Reply
{
    /// <summary>Beside each followed topic, in order.</summary>
    public IReadOnlyList<ReplyAction> UnfollowActions => [.. Following.Select(topic => Offers.Unfollow(topic, "Unfollow"))];

    /// <summary>Opens the latest brief; null when there is none.</summary>
    public ReplyAction? OpenLatest => Latest is null ? null : Offers.BriefFor(Latest.Date, "Open the brief");

    public override IReadOnlyList<ReplyAction> Actions => [Offers.MyTopics, Offers.Settings, Offers.Help];

    public override IEnumerable<ReplyAction> AllActions => [.. UnfollowActions, .. OpenLatest is { } open ? [open] : Array.Empty<ReplyAction>(), .. Actions];

    public override string FallbackText =>
        (Following.Count == 0 ? "You follow no topics yet." : $"You follow: {string.Join(", ", Following)}.") + " " + Settings.FallbackText +
        (Channels.Count == 0 ? "" : " Daily brief in: " + string.Join("; ", Channels.Select(c => $"{c.Name ?? c.ExternalId} ({c.Schedule.Describe()})"))) +
        (Latest is null ? "" : $" Latest brief: {Latest.Title}.");
}

/// <summary>A channel that gets the daily brief, with its schedule.</summary>
public sealed record HomeChannel(string ExternalId, string? Name, ScheduleView Schedule);

/// <summary>The latest brief as Home shows it: its title, day and headlines.</summary>
public sealed record HomeBrief(string Title, DateOnly Date, IReadOnlyList<string> Headlines);

/// <summary>A channel's daily brief schedule.</summary>
public sealed record ScheduleView(TimeOnly? Time, string TimeZone, WeekDays Days, bool Paused)
{
    public string Describe() => Time is not { } time
        ? "This conversation gets no daily brief."
        : $"Daily brief at {time:HH:mm} {TimeZone}, {DayNames.Describe(Days)}{(Paused ? " (paused)" : "")}.";

    /// <summary>The schedule said to the people of the place: "I'll post the daily brief here at 09:00 Asia/Shanghai on weekdays."</summary>
    public string Announce() => Time is not { } time
        ? "There is no daily brief here yet."
        : Paused
            ? $"The daily brief here is paused (it was at {time:HH:mm} {TimeZone} {DayNames.Phrase(Days)})."
            : $"I'll post the daily brief here at {time:HH:mm} {TimeZone} {DayNames.Phrase(Days)}.";
}

/// <summary>
/// Help: what the bot does, with examples to try and, unless it answers something not understood (then it stays short),
/// every command in <see cref="Commands"/>; <see cref="NotUnderstood"/> quotes what was not understood.
/// </summary>
public sealed record HelpReply(string? NotUnderstood, IReadOnlyList<string> Examples) : Reply
{
    public IReadOnlyList<HelpSection> Commands { get; init; } = NotUnderstood is null ? HelpText.Commands : [];

    /// <summary>Examples to press: a few beside the full command list, all of them (up to 12) in the short help.</summary>
    public IReadOnlyList<ReplyAction> ExampleActions => Offers.Examples(Commands.Count == 0 ? Examples.Take(12) : Examples.Take(Offers.ExampleButtons));

    public override IReadOnlyList<ReplyAction> Actions => [Offers.MyTopics, Offers.Settings];

    public override IEnumerable<ReplyAction> AllActions => [.. ExampleActions, .. Actions];

    public override string FallbackText =>
        // A notification preview: the examples only; the full list is in the message itself.
        (NotUnderstood is null ? "" : $"Sorry, I didn't understand \"{NotUnderstood}\". ") + "Try: " + string.Join(" · ", Examples);
}

/// <summary>A group of commands in help, under a heading ("Follow topics").</summary>
public sealed record HelpSection(string Heading, IReadOnlyList<HelpLine> Lines);

/// <summary>One command as a person types it ("alerts daily 08:00"), and what it does.</summary>
public sealed record HelpLine(string Say, string Does);

/// <summary>
/// What the bot says when it is added to a place: what it does and, in a channel or group chat, the daily brief
/// schedule with the ways to change it. The core decides the choices; the renderers only lay them out.
/// </summary>
/// <param name="Schedule">The place's brief schedule; null in a personal chat, which gets alerts rather than a brief.</param>
/// <param name="TimeChoices">Other times to post the brief at (or to start it at, when there is none), each a <c>schedule</c> command.</param>
/// <param name="ScheduleAction">Turning the brief off, or resuming a paused one; null when there is none to turn off.</param>
/// <param name="ScheduleExample">The <c>schedule</c> command for any other time, as a person would type it.</param>
public sealed record WelcomeReply(
    ScheduleView? Schedule,
    IReadOnlyList<ReplyAction> TimeChoices,
    ReplyAction? ScheduleAction,
    string? ScheduleExample,
    IReadOnlyList<string> Examples) : Reply
{
    /// <summary>In a personal chat, which has no schedule to show, a few questions to try.</summary>
    public IReadOnlyList<ReplyAction> ExampleActions => Schedule is null ? Offers.Examples(Examples.Take(Offers.ExampleButtons)) : [];

    public override IReadOnlyList<ReplyAction> Actions => [Offers.Help];

    public override IEnumerable<ReplyAction> AllActions =>
        [.. TimeChoices, .. ScheduleAction is { } change ? [change] : Array.Empty<ReplyAction>(), .. ExampleActions, .. Actions];

    public override string FallbackText =>
        "Hi, I'm Briefly: I post the daily news brief, answer questions from its stories and alert you about topics you follow. " +
        (Schedule is { } schedule ? schedule.Announce() + (ScheduleExample is { } example ? $" To change it, say {example}." : "") + " " : "") +
        "Say help for everything I can do.";
}

/// <summary>`whoami`: the ids an admin needs to configure Briefly:Admins, and whether this person is one.</summary>
/// <param name="UserId">The person's platform id as Briefly stores it (Slack U…; Teams: the Microsoft Entra object id).</param>
/// <param name="ConversationId">This conversation's platform id (Slack channel id; Teams conversation id).</param>
/// <param name="AdminsConfigured">Whether Briefly:Admins lists anyone; when it does not, anyone may change schedules.</param>
public sealed record WhoAmIReply(
    ChatPlatform Platform,
    string UserId,
    string? DisplayName,
    string ConversationId,
    ConversationKind Kind,
    bool IsAdmin,
    bool AdminsConfigured) : Reply
{
    public override IReadOnlyList<ReplyAction> Actions => [Offers.Settings];

    public override string FallbackText =>
        $"Your {(Platform == ChatPlatform.Slack ? "Slack user id" : "Microsoft Entra object id")} is {UserId}. This conversation is {ConversationId}. " +
        (!AdminsConfigured
            ? "Briefly:Admins is empty, so anyone may change the brief schedule; list your id there to keep it to admins."
            : IsAdmin ? "You are a Briefly admin." : "You are not a Briefly admin; an admin lists ids in Briefly:Admins.");
}

/// <summary>A setting given in a form the bot cannot use; names the part and shows a working example.</summary>
public sealed record InvalidInputReply(string Parameter, string Problem, string Example) : Reply
{
    public override IReadOnlyList<ReplyAction> Actions => [Offers.Help];

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
    public IReadOnlyList<ReplyAction?> StoryFollows => Offers.StoryFollows(Stories, [Topic], []);

    public override IReadOnlyList<ReplyAction> Actions => [Offers.Unfollow(Topic, "Unfollow " + Topic), Offers.MyTopics, Offers.AlertSettings];

    public override IEnumerable<ReplyAction> AllActions => [.. StoryFollows.OfType<ReplyAction>(), .. Actions];

    public override string FallbackText =>
        $"New on {Topic}: " + string.Join("; ", Stories.Select(s => s.Title));
}

/// <summary>A person's daily digest: the new stories on each topic they follow, at their digest time.</summary>
public sealed record DigestReply(DateOnly Date, IReadOnlyList<DigestSection> Sections) : Reply
{
    /// <summary>One element per story of all sections, in order; the sections' own topics are followed already.</summary>
    public IReadOnlyList<ReplyAction?> StoryFollows => Offers.StoryFollows(Sections.SelectMany(s => s.Stories), Sections.Select(s => s.Topic), []);

    public override IReadOnlyList<ReplyAction> Actions => [Offers.MyTopics, Offers.Settings];

    public override IEnumerable<ReplyAction> AllActions => [.. StoryFollows.OfType<ReplyAction>(), .. Actions];

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

    /// <summary>What a person types to continue their own last question; buttons carry <see cref="Paging.Words"/> instead.</summary>
    public static string More => "more";

    public static string BriefFor(DateOnly date) => $"brief for {date:yyyy-MM-dd}";

    public static string Help => "help";

    public static string Topics => "my topics";

    public static string Settings => "settings";

    public static string WhoAmI => "whoami";

    public static string ScheduleOff => "schedule off";

    public static string Resume => "resume";

    /// <summary>
    /// "schedule 08:00 Asia/Shanghai weekdays". The zone is left out when the parser would not read it as one (it takes
    /// only names with a '/' and UTC/GMT); the command then keeps the zone of the person who sends it.
    /// </summary>
    public static string Schedule(TimeOnly time, string? timeZone, WeekDays days)
    {
        var zone = timeZone is { } name && (name.Contains('/') || name.ToUpperInvariant() is "UTC" or "GMT") ? " " + name : "";
        return $"schedule {time.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)}{zone} {DayNames.Words(days)}";
    }
}
