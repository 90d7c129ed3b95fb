using System.Globalization;
using System.Text.RegularExpressions;

namespace Briefly.Core.Feeds;

/// <summary>Dates as feeds write them: RFC 822 in RSS (with its real-world variants), RFC 3339 in Atom, RSS 1.0 and JSON Feed.</summary>
internal static partial class FeedDates
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>Zone names RFC 822 allows besides numeric offsets; military letters are too often wrong to trust, so they read as UTC.</summary>
    private static readonly Dictionary<string, int> ZoneHours = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["Z"] = 0,
        ["EST"] = -5, ["EDT"] = -4, ["CST"] = -6, ["CDT"] = -5,
        ["MST"] = -7, ["MDT"] = -6, ["PST"] = -8, ["PDT"] = -7,
    };

    public static DateTimeOffset? Parse(string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (Rfc822Pattern().Match(text) is { Success: true } match) return FromRfc822(match);
        // RFC 3339 and other ISO 8601 forms; a date without a zone is taken as UTC rather than the server's local time.
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)
            ? parsed
            : null;
    }

    private static DateTimeOffset? FromRfc822(Match match)
    {
        var day = int.Parse(match.Groups["day"].ValueSpan, CultureInfo.InvariantCulture);
        var monthName = match.Groups["month"].Value;
        var month = Array.IndexOf(Months, monthName[..3].ToLowerInvariant()) + 1;
        var year = int.Parse(match.Groups["year"].ValueSpan, CultureInfo.InvariantCulture);
        if (match.Groups["year"].Length == 2) year += year < 50 ? 2000 : 1900;
        var hour = int.Parse(match.Groups["hour"].ValueSpan, CultureInfo.InvariantCulture);
        var minute = int.Parse(match.Groups["minute"].ValueSpan, CultureInfo.InvariantCulture);
        var second = match.Groups["second"].Success ? int.Parse(match.Groups["second"].ValueSpan, CultureInfo.InvariantCulture) : 0;
        var offset = Offset(match.Groups["zone"].Value);

        if (month < 1 || year < 1 || year > 9999 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 60 || offset is not { } zone || zone.Duration() > TimeSpan.FromHours(14))
            return null;
        // A leap second is kept as the last second of the minute.
        return new DateTimeOffset(year, month, day, hour, minute, Math.Min(second, 59), zone);
    }

    private static TimeSpan? Offset(string zone)
    {
        if (zone.Length == 0) return TimeSpan.Zero;
        if (zone[0] is '+' or '-')
        {
            var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
            var hours = int.Parse(digits.AsSpan(0, 2), CultureInfo.InvariantCulture);
            var minutes = int.Parse(digits.AsSpan(2, 2), CultureInfo.InvariantCulture);
            if (minutes > 59) return null;
            var offset = new TimeSpan(hours, minutes, 0);
            return zone[0] == '-' ? -offset : offset;
        }
        return ZoneHours.TryGetValue(zone, out var h) ? TimeSpan.FromHours(h) : TimeSpan.Zero;
    }

    [GeneratedRegex(
        @"\A(?:[A-Za-z]{3,9}\s*,?\s*)?(?<day>\d{1,2})\s+(?<month>[A-Za-z]{3,9})\.?\s+(?<year>\d{4}|\d{2})\s+(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?\s*(?<zone>[+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?\z")]
    private static partial Regex Rfc822Pattern();
}
