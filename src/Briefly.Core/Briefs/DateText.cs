namespace Briefly.Core.Briefs;

/// <summary>
/// The last day of a date as written: "29 Apr 2026", "28–29 Apr 2026", "Apr 30 – May 1, 2026",
/// "2026-05-05". <see cref="Day"/> is null for a month-only date ("Apr 2026"), <see cref="Year"/>
/// when no year was written ("29 Apr").
/// </summary>
internal readonly record struct WrittenDate(int Month, int? Day, int? Year);

/// <summary>Reads dates the way people write them in briefs. Nothing here allocates per character.</summary>
internal static class DateText
{
    // A date is never longer than "Wednesday, 30 September 2026 – Thursday, 1 October 2026";
    // looking only this far back keeps the search linear however long a line is.
    private const int MaxDateLength = 80;

    private static readonly string[] MonthNames =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    private static readonly string[] DayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    public static bool IsDash(char c) => c is '-' or '–' or '—' or '‐' or '‑' or '‒' or '―' or '−';

    /// <summary>Reads the whole of <paramref name="text"/> as one date or one range of dates.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out WrittenDate date)
    {
        date = default;
        Parts first = default, second = default;
        var inSecond = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or ',' or '.' or '(' or ')')
            {
                i++;
                continue;
            }

            ref var current = ref inSecond ? ref second : ref first;
            if (IsDash(c))
            {
                if (inSecond || current.IsEmpty) return false;
                inSecond = true;
                i++;
                continue;
            }

            if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                var digits = text[start..i];
                if (digits.Length == 4 && TryReadIsoTail(text, ref i, out var isoMonth, out var isoDay))
                {
                    if (!current.IsEmpty) return false;
                    current = new Parts { Year = ParseInt(digits), Month = isoMonth, Day = isoDay };
                    continue;
                }

                if (digits.Length == 4)
                {
                    if (current.Year is not null) return false;
                    current.Year = ParseInt(digits);
                }
                else if (digits.Length <= 2)
                {
                    var day = ParseInt(digits);
                    if (current.Day is not null || day is < 1 or > 31) return false;
                    current.Day = day;
                    SkipOrdinalSuffix(text, ref i);
                }
                else
                {
                    return false;
                }

                continue;
            }

            if (char.IsAsciiLetter(c))
            {
                var start = i;
                while (i < text.Length && char.IsAsciiLetter(text[i])) i++;
                var word = text[start..i];
                if (MonthOf(word) is { } month)
                {
                    if (current.Month is not null) return false;
                    current.Month = month;
                }
                else if (word.Equals("to", StringComparison.OrdinalIgnoreCase) || word.Equals("until", StringComparison.OrdinalIgnoreCase))
                {
                    if (inSecond || current.IsEmpty) return false;
                    inSecond = true;
                }
                else if (!IsDayName(word) && !word.Equals("of", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                continue;
            }

            return false;
        }

        if (inSecond)
        {
            if (second.IsEmpty) return false;
            // "28–29 Apr 2026" and "May 28–29, 2026" write the month or the year once for both ends.
            first.Year ??= second.Year;
            second.Year ??= first.Year;
            first.Month ??= second.Month;
            second.Month ??= first.Month;
            if (first.Month is null || (first.Day is not null && second.Day is null)) return false;
            if (!first.IsValid) return false;
            first = second;
        }

        if (first.Month is not { } lastMonth || !first.IsValid) return false;
        date = new WrittenDate(lastMonth, first.Day, first.Year);
        return true;
    }

    /// <summary>
    /// True when the text was meant as a date (a year, or a day number beside a month-like word),
    /// so failing to read it is the author's mistake rather than part of a name.
    /// </summary>
    public static bool LooksLikeDate(ReadOnlySpan<char> text)
    {
        bool sawDayNumber = false, sawMonthLikeWord = false;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            if (char.IsAsciiLetter(text[i]))
            {
                while (i < text.Length && char.IsAsciiLetter(text[i])) i++;
                // "Aprl" is still a month to the reader: three matching letters are enough.
                if (i - start >= 3 && MonthOf(text.Slice(start, 3)) is not null) sawMonthLikeWord = true;
            }
            else if (char.IsAsciiDigit(text[i]))
            {
                while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                if (i - start == 4 && text[start] is '1' or '2') return true;
                if (i - start <= 2) sawDayNumber = true;
            }
            else
            {
                i++;
            }
        }

        return sawDayNumber && sawMonthLikeWord;
    }

    /// <summary>
    /// The day a written date stands for: its (last) day, or <paramref name="briefDate"/> when only a
    /// month was written. A missing year is the brief's, or the year before when that would put the
    /// story months after the brief (a "30 Dec" story in a January brief).
    /// </summary>
    public static DateOnly? Resolve(WrittenDate written, DateOnly briefDate)
    {
        if (written.Day is not { } day) return briefDate;
        var year = written.Year ?? briefDate.Year;
        if (written.Year is null && written.Month > briefDate.Month + 6) year--;
        if (year is < 1 or > 9999 || day > DateTime.DaysInMonth(year, written.Month)) return null;
        return new DateOnly(year, written.Month, day);
    }

    /// <summary>
    /// Splits "Reuters / Caixin — 29 Apr 2026" into outlets and the date as written. Any dash,
    /// a comma or an opening parenthesis may separate them; the date must end the text.
    /// </summary>
    public static SourceParts SplitSource(string source)
    {
        var windowStart = Math.Max(0, source.Length - MaxDateLength);

        // First, dates after a separator, so that "Channel 4 — 5 May 2026" keeps its "4". A separated
        // text that looks like a date but will not read ("— 31 Feb 2026", "— 29 Aprl 2026") is the
        // author's mistake: it must not fall back to a shorter tail such as "Feb 2026".
        int? unreadable = null;
        for (var i = windowStart; i < source.Length; i++)
        {
            if (i == 0 || source[i - 1] != ' ' || !IsSeparatorBefore(source, i - 1)) continue;
            var written = DateAt(source, i);
            if (written.IsEmpty) continue;
            if (TryParse(written, out var date)) return Split(source, i, written, date);
            if (unreadable is null && LooksLikeDate(written)) unreadable = i;
        }

        if (unreadable is { } at)
            return new SourceParts(TrimOutletsEnd(source.AsSpan(0, at)).ToString(), DateAt(source, at).ToString(), null, DateIsBad: true);

        // Then a date after a plain space: "Reuters 29 Apr 2026".
        for (var i = Math.Max(1, windowStart); i < source.Length; i++)
        {
            if (source[i - 1] != ' ') continue;
            var written = DateAt(source, i);
            if (!written.IsEmpty && TryParse(written, out var date)) return Split(source, i, written, date);
        }

        return new SourceParts(source, "", null, DateIsBad: false);
    }

    private static ReadOnlySpan<char> DateAt(string source, int i) => TrimDateEnd(source.AsSpan(SkipSeparators(source, i)));

    private static SourceParts Split(string source, int at, ReadOnlySpan<char> written, WrittenDate date) =>
        new(TrimOutletsEnd(source.AsSpan(0, at)).ToString(), written.ToString(), date, DateIsBad: false);

    /// <summary>Finds a date at the end (or else the start) of a title: "China AI Update Brief — 29 April 2026".</summary>
    public static bool TryFindInTitle(string title, out WrittenDate date)
    {
        var parts = SplitSource(title);
        if (parts.Date is { } found)
        {
            date = found;
            return true;
        }

        // "29 April 2026 — China AI Update Brief": try the longest leading run of words that reads as a date.
        var limit = Math.Min(title.Length, MaxDateLength);
        for (var end = limit; end > 0; end--)
        {
            if (end < title.Length && title[end] != ' ') continue;
            if (TryParse(TrimDateEnd(title.AsSpan(0, end)), out date)) return true;
        }

        date = default;
        return false;
    }

    /// <summary>
    /// Reads "Posted on April 29, 2026 at 09:41 PM" (also "Published:", 24-hour times, ISO dates).
    /// Returns null when the line is not a posted-on line at all.
    /// </summary>
    public static PostedOnLine? ReadPostedOn(string line)
    {
        var rest = line.AsSpan();
        if (!StripWord(ref rest, "posted") && !StripWord(ref rest, "published")) return null;
        // "Posted in Policy" or "Published by the desk" carry no date: not a posted-on line.
        if (!rest.ContainsAnyInRange('0', '9')) return null;
        StripWord(ref rest, "on");
        rest = rest.TrimStart(": ");

        var time = TimeOnly.MinValue;
        if (FindTrailingTime(rest, out var timeStart, out var foundTime))
        {
            time = foundTime;
            rest = rest[..timeStart].TrimEnd(" ,@");
            // ISO "2026-04-29T21:41".
            if (rest.Length > 1 && rest[^1] == 'T' && char.IsAsciiDigit(rest[^2])) rest = rest[..^1];
            if (rest.EndsWith(" at", StringComparison.OrdinalIgnoreCase)) rest = rest[..^3];
            else if (rest.Equals("at", StringComparison.OrdinalIgnoreCase)) rest = [];
        }

        if (TryParse(rest, out var date) && date is { Day: not null, Year: >= 1 and <= 9999 }
            && Resolve(date, DateOnly.MinValue) is { } posted)
            return new PostedOnLine(posted.ToDateTime(time), null);

        return new PostedOnLine(null, line);
    }

    private static bool FindTrailingTime(ReadOnlySpan<char> text, out int start, out TimeOnly time)
    {
        start = 0;
        time = default;
        var end = text.Length;
        var meridiem = 0;
        var trimmed = text.TrimEnd(" .");
        if (EndsWithLetters(trimmed, "pm", out var cut) || EndsWithLetters(trimmed, "p.m", out cut)) meridiem = 12;
        else if (EndsWithLetters(trimmed, "am", out cut) || EndsWithLetters(trimmed, "a.m", out cut)) meridiem = -1;
        if (meridiem != 0) end = cut;

        var digits = text[..end].TrimEnd(' ');
        var colon = digits.LastIndexOf(':');
        if (colon < 1) return false;
        // Seconds, when written, are read past: "21:41:07".
        var minutePart = digits[(colon + 1)..];
        var hourEnd = colon;
        var secondsColon = digits[..colon].LastIndexOf(':');
        if (secondsColon > 0 && minutePart.Length == 2 && IsDigits(digits[(secondsColon + 1)..colon]))
        {
            minutePart = digits[(secondsColon + 1)..colon];
            hourEnd = secondsColon;
        }

        var hourStart = hourEnd;
        while (hourStart > 0 && char.IsAsciiDigit(digits[hourStart - 1]) && hourEnd - hourStart < 2) hourStart--;
        var hourPart = digits[hourStart..hourEnd];
        if (hourPart.IsEmpty || minutePart.Length != 2 || !IsDigits(minutePart)) return false;
        var hour = ParseInt(hourPart);
        var minute = ParseInt(minutePart);
        if (meridiem != 0)
        {
            if (hour is < 1 or > 12) return false;
            hour = hour % 12 + (meridiem > 0 ? 12 : 0);
        }

        if (hour > 23 || minute > 59) return false;
        start = hourStart;
        time = new TimeOnly(hour, minute);
        return true;
    }

    private static bool EndsWithLetters(ReadOnlySpan<char> text, string suffix, out int cut)
    {
        cut = text.Length - suffix.Length;
        return text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
               && (cut == 0 || !char.IsAsciiLetter(text[cut - 1]));
    }

    private static bool StripWord(ref ReadOnlySpan<char> text, string word)
    {
        if (!text.StartsWith(word, StringComparison.OrdinalIgnoreCase)) return false;
        if (text.Length > word.Length && char.IsLetterOrDigit(text[word.Length])) return false;
        text = text[word.Length..].TrimStart(' ');
        return true;
    }

    private static bool TryReadIsoTail(ReadOnlySpan<char> text, ref int i, out int month, out int day)
    {
        month = day = 0;
        // yyyy-MM-dd or yyyy/MM/dd: exactly two digits each, the same separator twice.
        if (i + 5 >= text.Length) return false;
        var separator = text[i];
        if (separator is not ('-' or '/') || text[i + 3] != separator) return false;
        if (!IsDigits(text.Slice(i + 1, 2)) || !IsDigits(text.Slice(i + 4, 2))) return false;
        if (i + 6 < text.Length && char.IsAsciiDigit(text[i + 6])) return false;
        month = ParseInt(text.Slice(i + 1, 2));
        day = ParseInt(text.Slice(i + 4, 2));
        if (month is < 1 or > 12 || day is < 1 or > 31) return false;
        i += 6;
        return true;
    }

    private static void SkipOrdinalSuffix(ReadOnlySpan<char> text, ref int i)
    {
        if (i + 1 >= text.Length) return;
        var suffix = text.Slice(i, 2);
        var isOrdinal = suffix.Equals("st", StringComparison.OrdinalIgnoreCase) || suffix.Equals("nd", StringComparison.OrdinalIgnoreCase)
                        || suffix.Equals("rd", StringComparison.OrdinalIgnoreCase) || suffix.Equals("th", StringComparison.OrdinalIgnoreCase);
        if (isOrdinal && (i + 2 == text.Length || !char.IsAsciiLetter(text[i + 2]))) i += 2;
    }

    private static int? MonthOf(ReadOnlySpan<char> word)
    {
        if (word.Length < 3) return null;
        for (var m = 0; m < MonthNames.Length; m++)
        {
            var name = MonthNames[m];
            // Full names, three-letter abbreviations, and "Sept".
            if (word.Length <= name.Length && name.AsSpan().StartsWith(word, StringComparison.OrdinalIgnoreCase)
                && (word.Length == 3 || word.Length == name.Length || (m == 8 && word.Length == 4)))
                return m + 1;
        }

        return null;
    }

    private static bool IsDayName(ReadOnlySpan<char> word)
    {
        if (word.Length < 3) return false;
        foreach (var name in DayNames)
        {
            if (word.Length <= name.Length && name.AsSpan().StartsWith(word, StringComparison.OrdinalIgnoreCase)
                && (word.Length <= 4 || word.Length == name.Length))
                return true;
        }

        return false;
    }

    private static bool IsSeparatorChar(char c) => IsDash(c) || c is ',' or '(' or '|' or ':' or ';';

    private static bool IsSeparatorBefore(string text, int spaceIndex)
    {
        // "X — date", "X, date", "X (date)" and "X | date": the separator sits right before or after the space.
        if (spaceIndex > 0 && text[spaceIndex - 1] is ',' or ';' or ':') return true;
        return spaceIndex + 1 < text.Length && IsSeparatorChar(text[spaceIndex + 1]);
    }

    private static int SkipSeparators(string text, int i)
    {
        while (i < text.Length && (text[i] == ' ' || IsSeparatorChar(text[i]))) i++;
        return i;
    }

    private static ReadOnlySpan<char> TrimDateEnd(ReadOnlySpan<char> text) => text.TrimEnd(" .)");

    private static ReadOnlySpan<char> TrimOutletsEnd(ReadOnlySpan<char> text)
    {
        var end = text.Length;
        while (end > 0 && (text[end - 1] == ' ' || IsSeparatorChar(text[end - 1]))) end--;
        return text[..end];
    }

    private static bool IsDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');

    private static int ParseInt(ReadOnlySpan<char> digits)
    {
        var value = 0;
        foreach (var c in digits) value = value * 10 + (c - '0');
        return value;
    }

    private struct Parts
    {
        public int? Year;
        public int? Month;
        public int? Day;

        public readonly bool IsEmpty => Year is null && Month is null && Day is null;

        public readonly bool IsValid => Day is not { } day || Month is not { } month
            || day <= (Year is { } year and >= 1 and <= 9999 ? DateTime.DaysInMonth(year, month) : MaxDays(month));

        private static int MaxDays(int month) => month == 2 ? 29 : DateTime.DaysInMonth(2001, month);
    }
}

/// <summary>A Source text split into outlets and the date as written.</summary>
/// <param name="DateIsBad">A date was written but could not be read; <see cref="DateText"/> holds it for the error.</param>
internal readonly record struct SourceParts(string Outlets, string DateText, WrittenDate? Date, bool DateIsBad);

/// <summary>A posted-on line: either its time, or the line itself when it would not read.</summary>
internal readonly record struct PostedOnLine(DateTime? PostedAt, string? Unreadable);
