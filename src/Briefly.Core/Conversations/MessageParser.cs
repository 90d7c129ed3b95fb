using System.Globalization;
using System.Text.RegularExpressions;
using Briefly.Data.Entities;

namespace Briefly.Core.Conversations;

/// <summary>What a message asks for. Anything that is not a command is a question for the stored stories.</summary>
public abstract record Command
{
    public sealed record Help : Command;

    /// <summary>
    /// The bot was just added here: not something people type, but what an edge sends for an install or join event
    /// (<see cref="MessageParser.WelcomeWord"/>), so the core can greet with the place's schedule instead of plain help.
    /// </summary>
    public sealed record Welcome : Command;

    /// <summary>The person's platform user id, this conversation's id and whether they are an admin.</summary>
    public sealed record WhoAmI : Command;

    /// <summary>The person's Briefly at a glance (<see cref="HomeReply"/>).</summary>
    public sealed record Home : Command;

    public sealed record Question(string Text) : Command;

    /// <summary>
    /// The next page: of <paramref name="QuestionText"/> from <paramref name="Offset"/> when a button carries them
    /// (<see cref="Paging.Words"/>), else of the person's own last question.
    /// </summary>
    public sealed record More(string? QuestionText = null, int Offset = 0) : Command;

    public sealed record Subscribe(string Topic) : Command;

    public sealed record Unsubscribe(string Topic) : Command;

    public sealed record Topics : Command;

    public sealed record Settings : Command;

    public sealed record SetAlertMode(AlertMode Mode, TimeOnly? DigestTime) : Command;

    public sealed record SetTimeZone(string TimeZone) : Command;

    public sealed record SetQuietHours(TimeOnly? Start, TimeOnly? End) : Command;

    public sealed record SetSchedule(TimeOnly? Time, string? TimeZone, WeekDays Days) : Command;

    public sealed record Pause : Command;

    public sealed record Resume : Command;

    /// <summary>A command word with arguments the bot cannot use: says which part and gives an example.</summary>
    public sealed record Invalid(string Parameter, string Problem, string Example) : Command;
}

/// <summary>Reads commands ("subscribe Huawei chips", "schedule 08:30 Asia/Shanghai weekdays") from free text.</summary>
public static partial class MessageParser
{
    /// <summary>
    /// What a platform edge hands over as the text of an install or join event (Teams conversationUpdate adding the bot,
    /// Slack member_joined_channel naming it). A person who types it gets the same greeting, which does no harm.
    /// </summary>
    public const string WelcomeWord = "welcome";

    /// <summary>What opening Slack's Home tab says for the person: their <see cref="HomeReply"/>.</summary>
    public const string HomeWord = "home";

    public static Command Parse(string text)
    {
        var message = Clean(text);
        if (message.Length == 0) return new Command.Help();
        var lower = message.ToLowerInvariant();

        if (lower is "help" or "?" or "hi" or "hello" or "hey" or "start" or "commands" or "what can you do" or "what can you do?")
            return new Command.Help();
        if (lower is WelcomeWord) return new Command.Welcome();
        if (lower is HomeWord or "my home" or "overview") return new Command.Home();
        if (lower is "whoami" or "who am i" or "who am i?" or "my id" or "my user id") return new Command.WhoAmI();
        if (lower is "more" or "show more" or "next" or "more please") return new Command.More();
        if (Paging.TryRead(message, out var question, out var offset)) return new Command.More(question, offset);
        if (lower is "my topics" or "topics" or "my subscriptions" or "subscriptions" or "list topics" or "what do i follow"
            or "suggest topics" or "suggested topics" or "what can i follow" or "popular topics")
            return new Command.Topics();
        if (lower is "settings" or "my settings" or "preferences") return new Command.Settings();
        if (lower is "pause" or "pause brief" or "pause the brief") return new Command.Pause();
        if (lower is "resume" or "resume brief" or "resume the brief" or "unpause") return new Command.Resume();

        if (Prefixed(message, out var rest, "unsubscribe from", "unsubscribe", "unfollow", "stop following", "unsub"))
            return rest.Length == 0 ? Missing("unsubscribe", "topic", "unsubscribe Huawei chips") : new Command.Unsubscribe(rest);
        if (Prefixed(message, out rest, "subscribe to", "subscribe", "follow", "sub", "alert me about", "watch"))
            return rest.Length == 0 ? Missing("subscribe", "topic", "subscribe Huawei chips") : new Command.Subscribe(rest);
        if (Prefixed(message, out rest, "alerts", "alert mode", "alert"))
            return ParseAlertMode(rest);
        if (Prefixed(message, out rest, "digest"))
            return ParseAlertMode("daily " + rest);
        if (Prefixed(message, out rest, "timezone", "time zone", "tz"))
            return rest.Length == 0 ? Missing("timezone", "time zone", "timezone Asia/Shanghai") : new Command.SetTimeZone(rest);
        if (Prefixed(message, out rest, "quiet hours", "quiet"))
            return ParseQuietHours(rest);
        if (Prefixed(message, out rest, "schedule"))
            return ParseSchedule(rest);

        return new Command.Question(message);
    }

    private static Command ParseAlertMode(string rest)
    {
        var words = rest.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w != "at").ToList();
        if (words is ["instant"] or ["instantly"] or ["immediate"] or ["on"]) return new Command.SetAlertMode(AlertMode.Instant, null);
        if (words is ["off"] or ["none"] or ["stop"] or ["mute"] or ["disable"]) return new Command.SetAlertMode(AlertMode.Off, null);
        if (words.Count >= 1 && words[0] is "daily" or "digest")
        {
            if (words.Count == 1) return new Command.SetAlertMode(AlertMode.Daily, null);
            return TryTime(words[1], out var time)
                ? new Command.SetAlertMode(AlertMode.Daily, time)
                : new Command.Invalid("digest time", $"'{words[1]}' is not a time of day", "alerts daily 08:00");
        }
        return new Command.Invalid("alert mode", rest.Length == 0 ? "say instant, daily or off" : $"'{rest}' is not instant, daily or off",
            "alerts instant, alerts daily 08:00, or alerts off");
    }

    private static Command ParseQuietHours(string rest)
    {
        var lower = rest.ToLowerInvariant();
        if (lower is "off" or "none" or "clear") return new Command.SetQuietHours(null, null);
        var parts = lower.Split(['-', '–', '—'], StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && TryTime(parts[0], out var start) && TryTime(parts[1], out var end) && start != end)
            return new Command.SetQuietHours(start, end);
        return new Command.Invalid("quiet hours", rest.Length == 0 ? "give a start and an end" : $"'{rest}' is not a range like 22:00-07:00", "quiet hours 22:00-07:00, or quiet hours off");
    }

    private static Command ParseSchedule(string rest)
    {
        const string example = "schedule 08:30 Asia/Shanghai weekdays";
        var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.Equals("at", StringComparison.OrdinalIgnoreCase)).ToList();
        if (words is [var only] && only.ToLowerInvariant() is "off" or "none" or "stop")
            return new Command.SetSchedule(null, null, WeekDays.None);
        if (words.Count == 0) return Missing("schedule", "time", example);
        if (!TryTime(words[0], out var time)) return new Command.Invalid("schedule time", $"'{words[0]}' is not a time of day", example);

        string? zone = null;
        var days = WeekDays.Weekdays;
        var remaining = words.Skip(1).ToList();
        if (remaining.Count > 0 && remaining[0].Contains('/') || remaining.Count > 0 && remaining[0].ToUpperInvariant() is "UTC" or "GMT")
        {
            zone = remaining[0];
            remaining.RemoveAt(0);
        }
        if (remaining.Count > 0 && !DayNames.TryParse(string.Join(' ', remaining), out days))
            return new Command.Invalid("schedule days", $"'{string.Join(' ', remaining)}' is not weekdays, daily, weekends or days like mon,wed,fri", example);
        return new Command.SetSchedule(time, zone, days);
    }

    public static bool TryTime(string text, out TimeOnly time)
    {
        var value = text.Trim().ToLowerInvariant().Replace(".", ":");
        string[] formats = ["H:mm", "HH:mm", "h:mmtt", "htt", "h:mm tt", "h tt", "HHmm"];
        return TimeOnly.TryParseExact(value.ToUpperInvariant(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    private static Command.Invalid Missing(string command, string part, string example) =>
        new Command.Invalid(command, $"the {part} is missing", example);

    private static bool Prefixed(string message, out string rest, params string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (message.Length == prefix.Length && message.Equals(prefix, StringComparison.OrdinalIgnoreCase)
                || message.Length > prefix.Length && message.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && message[prefix.Length] is ' ' or ':')
            {
                rest = message[prefix.Length..].Trim(' ', ':', '"', '\'', '“', '”').Trim();
                return true;
            }
        }
        rest = "";
        return false;
    }

    /// <summary>Slack and Teams leave mentions, markup and odd spaces in the text; a command reads the words only.</summary>
    private static string Clean(string text)
    {
        var cleaned = Mention().Replace(text, " ");
        cleaned = Whitespace().Replace(cleaned.Replace('\u00A0', ' '), " ").Trim();
        if (cleaned.StartsWith('/')) cleaned = Slash().Replace(cleaned, "").Trim();
        return cleaned;
    }

    [GeneratedRegex(@"<@[A-Z0-9]+(\|[^>]*)?>|<at>[^<]*</at>", RegexOptions.IgnoreCase)]
    private static partial Regex Mention();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^/brief\b", RegexOptions.IgnoreCase)]
    private static partial Regex Slash();
}
