using System.Globalization;
using Briefly.Data.Entities;

namespace Briefly.Core.Conversations;

/// <summary>Reads and writes the days of a schedule: "weekdays", "daily", "weekends", "mon,wed,fri", "mon-fri".</summary>
public static class DayNames
{
    private static readonly (string Name, WeekDays Day)[] Days =
    [
        ("mon", WeekDays.Monday), ("tue", WeekDays.Tuesday), ("wed", WeekDays.Wednesday), ("thu", WeekDays.Thursday),
        ("fri", WeekDays.Friday), ("sat", WeekDays.Saturday), ("sun", WeekDays.Sunday),
    ];

    public static bool TryParse(string text, out WeekDays days)
    {
        days = text.Trim().ToLowerInvariant() switch
        {
            "weekdays" or "workdays" or "week days" => WeekDays.Weekdays,
            "daily" or "every day" or "everyday" or "all week" => WeekDays.Every,
            "weekends" or "weekend" => WeekDays.Weekend,
            _ => WeekDays.None,
        };
        if (days != WeekDays.None) return true;

        foreach (var part in text.ToLowerInvariant().Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            var range = part.Split('-');
            if (range.Length > 2 || range.Any(r => IndexOf(r) < 0)) return false;
            int from = IndexOf(range[0]), to = IndexOf(range[^1]);
            for (var i = from; ; i = (i + 1) % Days.Length)
            {
                days |= Days[i].Day;
                if (i == to) break;
            }
        }
        return days != WeekDays.None;
    }

    public static string Describe(WeekDays days) => days switch
    {
        WeekDays.Every => "every day",
        WeekDays.Weekdays => "weekdays",
        WeekDays.Weekend => "weekends",
        _ => string.Join(", ", Days.Where(d => days.HasFlag(d.Day)).Select(d => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(d.Name))),
    };

    /// <summary>
    /// The days in the words <see cref="TryParse"/> reads ("weekdays", "daily", "mon,wed,fri"), for a command a button
    /// sends back or a setting written in configuration.
    /// </summary>
    public static string Words(WeekDays days) => days switch
    {
        WeekDays.Every => "daily",
        WeekDays.Weekdays => "weekdays",
        WeekDays.Weekend => "weekends",
        _ => string.Join(',', Days.Where(d => days.HasFlag(d.Day)).Select(d => d.Name)),
    };

    /// <summary>The days as a sentence ends with them: "on weekdays", "every day", "on Mon, Wed, Fri".</summary>
    public static string Phrase(WeekDays days) => days == WeekDays.Every ? "every day" : "on " + Describe(days);

    public static bool Includes(WeekDays days, DayOfWeek day) => days.HasFlag(day switch
    {
        DayOfWeek.Monday => WeekDays.Monday,
        DayOfWeek.Tuesday => WeekDays.Tuesday,
        DayOfWeek.Wednesday => WeekDays.Wednesday,
        DayOfWeek.Thursday => WeekDays.Thursday,
        DayOfWeek.Friday => WeekDays.Friday,
        DayOfWeek.Saturday => WeekDays.Saturday,
        _ => WeekDays.Sunday,
    });

    /// <summary>"mon", "monday", "Mon." all name Monday.</summary>
    private static int IndexOf(string name)
    {
        var key = name.Trim('.', ' ');
        if (key.Length < 3) return -1;
        for (var i = 0; i < Days.Length; i++)
            if (key.StartsWith(Days[i].Name, StringComparison.Ordinal) && DayOfWeekName(i).StartsWith(key, StringComparison.Ordinal)) return i;
        return -1;
    }

    private static string DayOfWeekName(int index) => ((DayOfWeek)((index + 1) % 7)).ToString().ToLowerInvariant();
}
