using System.Globalization;
using System.Text.RegularExpressions;

namespace Briefly.Core.Conversations;

/// <summary>What a button does, so each platform can name it (Slack action_id, Teams verb) without reading its words.</summary>
public enum ActionKind
{
    More,
    Follow,

    /// <summary>A topic the reader follows: shown as done. Where a platform can disable a button it is disabled.</summary>
    Following,
    Unfollow,
    Ask,
    Brief,
    Topics,
    Settings,
    Help,
    Schedule,
    Resume,
}

/// <summary>How much a button stands out: the step most people take next, or one that stops something.</summary>
public enum ActionEmphasis { Normal, Primary, Danger }

/// <summary>
/// A button as the core decides it: what it shows (already short enough for any platform) and the words it sends back,
/// which are handled exactly like typed text.
/// </summary>
public sealed record ReplyAction(string Label, string Command, ActionKind Kind = ActionKind.Ask, ActionEmphasis Emphasis = ActionEmphasis.Normal)
{
    /// <summary>
    /// On a Follow button of a paged card: the <see cref="Paging"/> words that draw that card again, so a platform that
    /// updates the pressed card in place (Teams Action.Execute) can show it as followed without any stored state.
    /// </summary>
    public string? Redraw { get; init; }
}

/// <summary>
/// Every choice of which buttons a reply offers, their order and their labels: made here once, so Teams and Slack only
/// translate them.
/// </summary>
public static class Offers
{
    /// <summary>
    /// Teams cuts longer button titles with an ellipsis of its own and Slack allows 75 characters; 40 reads well on both.
    /// </summary>
    public const int MaxLabel = 40;

    /// <summary>How many examples a help or welcome message offers as buttons beside a full command list.</summary>
    public const int ExampleButtons = 4;

    public static ReplyAction MyTopics { get; } = new("My topics", ReplyActions.Topics, ActionKind.Topics);

    public static ReplyAction Settings { get; } = new("Settings", ReplyActions.Settings, ActionKind.Settings);

    public static ReplyAction AlertSettings { get; } = new("Alert settings", ReplyActions.Settings, ActionKind.Settings);

    public static ReplyAction Help { get; } = new("Help", ReplyActions.Help, ActionKind.Help);

    public static ReplyAction More(string question, int offset) =>
        new("More stories", Paging.Words(question, offset), ActionKind.More, ActionEmphasis.Primary);

    /// <summary>Follow a topic, or "Following" when the reader already does.</summary>
    /// <param name="redraw">The words of the card the button is on, when it is a paged answer (see <see cref="ReplyAction.Redraw"/>).</param>
    public static ReplyAction Follow(string topic, bool following, string? redraw = null)
    {
        var bounded = Paging.BoundTopic(topic);
        return following
            ? new ReplyAction(Label("Following " + bounded), ReplyActions.Topics, ActionKind.Following)
            : new ReplyAction(Label("Follow " + bounded), ReplyActions.Subscribe(bounded), ActionKind.Follow) { Redraw = redraw };
    }

    public static ReplyAction Unfollow(string topic, string label) =>
        new(Label(label), ReplyActions.Unsubscribe(Paging.BoundTopic(topic)), ActionKind.Unfollow);

    /// <summary>A question as a button: "latest on X" for a topic, or an example as written.</summary>
    public static ReplyAction Ask(string label, string question, ActionEmphasis emphasis = ActionEmphasis.Normal) =>
        new(Label(label), Paging.BoundQuestion(question), ActionKind.Ask, emphasis);

    public static ReplyAction LatestOn(string topic, string label, ActionEmphasis emphasis = ActionEmphasis.Normal) =>
        Ask(label, "latest on " + Paging.BoundTopic(topic), emphasis);

    public static ReplyAction BriefFor(DateOnly date, string label) => new(Label(label), ReplyActions.BriefFor(date), ActionKind.Brief);

    /// <summary>
    /// The follow button beside each story: its first topic, unless the message already offers that topic (the
    /// question's own, an earlier story's), so five DeepSeek stories say "Follow DeepSeek" once. Later topics of a
    /// story are weaker names ("V4"), not offered. A topic in <paramref name="followedKeys"/> shows as followed.
    /// </summary>
    /// <returns>One element per story, in order; null where a story offers nothing.</returns>
    public static IReadOnlyList<ReplyAction?> StoryFollows(IEnumerable<StoryView> stories, IEnumerable<string> alreadyOffered,
        IReadOnlyCollection<string> followedKeys, string? redraw = null)
    {
        var offered = new HashSet<string>(alreadyOffered.Select(TopicKeys.Of));
        var follows = new List<ReplyAction?>();
        foreach (var story in stories)
        {
            var topic = story.Topics.Count > 0 ? story.Topics[0] : null;
            var key = topic is null ? "" : TopicKeys.Of(Paging.BoundTopic(topic));
            follows.Add(topic is not null && key.Length > 0 && offered.Add(key)
                ? Follow(topic, followedKeys.Contains(key), redraw)
                : null);
        }
        return follows;
    }

    /// <summary>Examples to press, each asking itself; quoted, as words to type.</summary>
    public static IReadOnlyList<ReplyAction> Examples(IEnumerable<string> examples) =>
        [.. examples.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => Ask(Label("“" + Formats.Shorten(e, MaxLabel - 2) + "”"), e))];

    /// <summary>At most <see cref="MaxLabel"/> characters, cut between words with an ellipsis; a suffix ("(12)") is kept whole.</summary>
    public static string Label(string text, string suffix = "") => Formats.Shorten(Formats.OneLine(text), MaxLabel - suffix.Length) + suffix;
}

/// <summary>
/// The words a "More" button sends: <c>more 5 | latest on Huawei chips</c>, the question and the offset its next page
/// starts at. Carrying both makes the button stateless: whoever presses it, whenever, gets that card's next page.
/// The same words with the card's own offset draw the card again (<see cref="ReplyAction.Redraw"/>).
/// </summary>
public static partial class Paging
{
    /// <summary>
    /// The longest question a button carries (and an answer is computed from, so every page of it agrees). Well within a
    /// Slack button value (2,000) and small enough for Teams button data; the same bound as the stored last question.
    /// </summary>
    public const int MaxQuestion = 500;

    /// <summary>Beyond any page a person reaches (answers keep the 200 best stories).</summary>
    public const int MaxOffset = 9999;

    public static string Words(string question, int offset) =>
        $"more {Math.Clamp(offset, 0, MaxOffset).ToString(CultureInfo.InvariantCulture)} | {BoundQuestion(question)}";

    /// <summary>Reads <see cref="Words"/>; a question that merely contains "more" ("more news on Huawei") does not match.</summary>
    public static bool TryRead(string text, out string question, out int offset)
    {
        var match = WordsPattern().Match(text);
        if (match.Success && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            question = match.Groups[2].Value.Trim();
            if (question.Length > 0) return true;
        }
        question = "";
        offset = 0;
        return false;
    }

    /// <summary>The question cut to <see cref="MaxQuestion"/> between words, without an ellipsis, so it still reads as a question.</summary>
    public static string BoundQuestion(string question) => Formats.Cut(question.Trim(), MaxQuestion);

    /// <summary>A topic cut to what can be followed (<see cref="Subscriptions.MaxTopicLength"/>), between words.</summary>
    public static string BoundTopic(string topic) => Formats.Cut(topic.Trim(), Subscriptions.MaxTopicLength);

    [GeneratedRegex(@"^more ([0-9]{1,4}) \|(.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex WordsPattern();
}

/// <summary>Numbers, dates and cut text written one way on every platform.</summary>
public static class Formats
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>"1 story", "1,204 stories".</summary>
    public static string Count(int n, string one, string many) => Number(n) + " " + (n == 1 ? one : many);

    public static string Number(int n) => n.ToString("N0", Invariant);

    public static string Day(DateOnly date) => date.ToString("d MMM yyyy", Invariant);

    public static string ShortDay(DateOnly date) => date.ToString("ddd d MMM", Invariant);

    public static string LongDay(DateOnly date) => date.ToString("dddd, d MMMM yyyy", Invariant);

    public static string Time(TimeOnly time) => time.ToString("HH:mm", Invariant);

    /// <summary>"12 May 2026", "12 – 18 May 2026", "28 Apr – 4 May 2026", "28 Dec 2025 – 3 Jan 2026".</summary>
    public static string Days(DateOnly from, DateOnly to) =>
        from == to ? Day(from)
        : from.Year != to.Year ? Day(from) + " – " + Day(to)
        : from.Month != to.Month ? from.ToString("d MMM", Invariant) + " – " + Day(to)
        : from.Day.ToString(Invariant) + " – " + Day(to);

    /// <summary>"showing 6–10 of 12", or null when one page shows everything.</summary>
    public static string? Showing(int offset, int count, int total) =>
        count == 0 || offset == 0 && count >= total
            ? null
            : $"showing {(offset + 1).ToString("N0", Invariant)}–{(offset + count).ToString("N0", Invariant)} of {total.ToString("N0", Invariant)}";

    public static string OneLine(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>At most <paramref name="max"/> characters with an ellipsis when cut (for people to read).</summary>
    public static string Shorten(string text, int max)
    {
        text = text.Trim();
        return text.Length <= max ? text : Cut(text, max - 1).TrimEnd(' ', ',', ';', ':', '—', '–', '-') + "…";
    }

    /// <summary>
    /// At most <paramref name="max"/> characters, cut between words when one ends near the limit and never inside a text
    /// element (an emoji or a CJK character with its marks stays whole); no ellipsis, so words sent back still parse.
    /// </summary>
    public static string Cut(string text, int max)
    {
        if (text.Length <= max) return text;
        var keep = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var end = elements.ElementIndex + elements.GetTextElement().Length;
            if (end > max) break;
            keep = end;
        }
        var cut = text[..keep];
        var space = cut.LastIndexOf(' ');
        if (space > keep * 4 / 5) cut = cut[..space];
        return cut.TrimEnd();
    }
}
