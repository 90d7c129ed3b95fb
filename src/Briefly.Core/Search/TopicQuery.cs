using System.Globalization;
using System.Text.RegularExpressions;

namespace Briefly.Core.Search;

/// <summary>What a question asks for.</summary>
public enum QueryIntent
{
    /// <summary>Nothing to search for (an empty or framing-only question).</summary>
    None,
    /// <summary>Stories about a topic, optionally within a period.</summary>
    Topic,
    /// <summary>The whole brief of one day, in its own order ("brief for 12 May", "today's brief").</summary>
    DateLookup,
    /// <summary>Every story of a period with no topic ("this week").</summary>
    Period,
}

/// <summary>A time window named relative to the asker's today.</summary>
public enum RelativePeriod
{
    None,
    Today,
    Yesterday,
    /// <summary>The seven days ending today ("this week", "past week", "last 7 days").</summary>
    PastWeek,
    /// <summary>From the first of this month to today ("this month").</summary>
    ThisMonth,
    /// <summary>The calendar month before this one ("last month").</summary>
    LastMonth,
    /// <summary>A month by name ("in September", "October's"): the latest such month not after today, or of the year given.</summary>
    NamedMonth,
}

/// <summary>
/// A chat question taken apart: the topic (the question's framing removed), a relative period
/// or an explicit day. Parsing never resolves dates, so one parse serves any as-of day.
/// </summary>
/// <param name="Topic">The topic words as the user wrote them, framing removed; empty when none.</param>
/// <param name="Month">With <paramref name="Day"/>, an explicit day; <paramref name="Year"/> may be missing ("12 May").</param>
public sealed partial record TopicQuery(
    QueryIntent Intent,
    string Topic,
    RelativePeriod Period,
    int? Year,
    int? Month,
    int? Day)
{
    /// <summary>The first and last day the question is limited to, against the asker's today; null when unlimited.</summary>
    public (DateOnly From, DateOnly To)? Window(DateOnly today)
    {
        if (Month is { } month && Day is { } day)
        {
            var date = ResolveDay(today, Year, month, day);
            return date is null ? null : (date.Value, date.Value);
        }
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        return Period switch
        {
            RelativePeriod.ThisMonth => (thisMonth, today),
            RelativePeriod.LastMonth => (thisMonth.AddMonths(-1), thisMonth.AddDays(-1)),
            RelativePeriod.NamedMonth when Month is { } named => NamedMonthWindow(today, Year, named),
            RelativePeriod.Today => (today, today),
            RelativePeriod.Yesterday => (today.AddDays(-1), today.AddDays(-1)),
            RelativePeriod.PastWeek => (today.AddDays(-6), today),
            _ => null,
        };
    }

    /// <summary>The whole of a named month: of the year given, else the latest such month that has begun by today.</summary>
    private static (DateOnly From, DateOnly To) NamedMonthWindow(DateOnly today, int? year, int month)
    {
        var first = new DateOnly(year ?? today.Year, month, 1);
        if (year is null && first > today) first = first.AddYears(-1);
        return (first, first.AddMonths(1).AddDays(-1));
    }

    public static TopicQuery Parse(string question)
    {
        var text = Normalise(question);
        var period = RelativePeriod.None;

        // An explicit day wins over a relative word: "brief for 12 May" never means today.
        if (!TryTakeDate(ref text, out var year, out var month, out var day))
        {
            if (TryTakeMonth(ref text, out year, out month)) period = RelativePeriod.NamedMonth;
            else if (Take(ref text, ThisMonthPattern())) period = RelativePeriod.ThisMonth;
            else if (Take(ref text, LastMonthPattern())) period = RelativePeriod.LastMonth;
            else if (Take(ref text, PastWeekPattern())) period = RelativePeriod.PastWeek;
            else if (Take(ref text, YesterdayPattern())) period = RelativePeriod.Yesterday;
            else if (Take(ref text, TodayPattern())) period = RelativePeriod.Today;
        }

        var topic = StripFraming(text);
        var dated = day is not null || period is RelativePeriod.Today or RelativePeriod.Yesterday;
        var intent = topic.Length > 0 ? QueryIntent.Topic
            : dated ? QueryIntent.DateLookup
            : period != RelativePeriod.None ? QueryIntent.Period
            : QueryIntent.None;
        return new TopicQuery(intent, topic, period, year, month, day);
    }

    private static string Normalise(string question) =>
        WhitespacePattern().Replace(
            question.Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u201C', '"').Replace('\u201D', '"').Replace('\u00A0', ' '),
            " ").Trim();

    private static bool Take(ref string text, Regex pattern)
    {
        var match = pattern.Match(text);
        if (!match.Success) return false;
        text = (text[..match.Index] + " " + text[(match.Index + match.Length)..]).Trim();
        return true;
    }

    private static bool TryTakeDate(ref string text, out int? year, out int? month, out int? day)
    {
        year = month = day = null;
        var iso = IsoDatePattern().Match(text);
        if (iso.Success)
        {
            year = int.Parse(iso.Groups["y"].Value, CultureInfo.InvariantCulture);
            month = int.Parse(iso.Groups["m"].Value, CultureInfo.InvariantCulture);
            day = int.Parse(iso.Groups["d"].Value, CultureInfo.InvariantCulture);
        }
        else
        {
            var written = DayMonthPattern().Match(text) is { Success: true } dm ? dm : MonthDayPattern().Match(text);
            if (!written.Success) return false;
            month = MonthNumber(written.Groups["month"].Value);
            day = int.Parse(written.Groups["day"].Value, CultureInfo.InvariantCulture);
            if (written.Groups["year"].Success) year = int.Parse(written.Groups["year"].Value, CultureInfo.InvariantCulture);
            iso = written;
        }
        if (month is < 1 or > 12 || day is < 1 or > 31 || !Plausible(year)) { year = month = day = null; return false; }
        text = (text[..iso.Index] + " " + text[(iso.Index + iso.Length)..]).Trim();
        return true;
    }

    /// <summary>
    /// A month named without a day ("in September", "during Oct 2026", "September's"). "May" and "March" are also a verb
    /// and a noun, so they count as months only after "in", "during", "since" and the like.
    /// </summary>
    private static bool TryTakeMonth(ref string text, out int? year, out int? month)
    {
        year = month = null;
        var named = MonthAfterPrepositionPattern().Match(text) is { Success: true } m ? m : MonthAlonePattern().Match(text);
        if (!named.Success) return false;
        month = MonthNumber(named.Groups["month"].Value);
        if (named.Groups["year"].Success) year = int.Parse(named.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (!Plausible(year)) { year = month = null; return false; }
        text = (text[..named.Index] + " " + text[(named.Index + named.Length)..]).Trim();
        return true;
    }

    /// <summary>A year a brief can be from ("May 0000" or "December 9999" is not a date, and no date arithmetic may fail on it).</summary>
    private static bool Plausible(int? year) => year is null or (>= 1900 and <= 2999);

    private static int MonthNumber(string name)
    {
        var prefix = name[..3].ToLowerInvariant();
        return Array.IndexOf(MonthPrefixes, prefix) + 1;
    }

    private static readonly string[] MonthPrefixes = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>A day written without a year is the latest such day not after today (a brief is never from the future).</summary>
    private static DateOnly? ResolveDay(DateOnly today, int? year, int month, int day)
    {
        for (var y = year ?? today.Year; y >= (year ?? today.Year - 1); y--)
        {
            if (day > DateTime.DaysInMonth(y, month)) continue;
            var date = new DateOnly(y, month, day);
            if (year is not null || date <= today) return date;
        }
        return null;
    }

    /// <summary>
    /// Removes the ways people wrap a topic ("latest on", "any news about", "?") until nothing
    /// more comes off, so "hey, what's the latest news on huawei chips?" leaves "huawei chips".
    /// </summary>
    private static string StripFraming(string text)
    {
        var topic = text;
        string before;
        do
        {
            before = topic;
            topic = TrailingPunctuationPattern().Replace(topic, "").Trim();
            // The framing patterns end at a space; one is added so framing alone ("tell me about") strips too.
            topic = LeadingFramingPattern().Replace(topic + " ", "").Trim();
            topic = TrailingFramingPattern().Replace(topic, "").Trim();
        }
        while (topic != before);
        return FramingOnlyPattern().IsMatch(topic) ? "" : topic;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();

    [GeneratedRegex(@"\b(?:(?:this|the\s+past|past|last|the\s+last)\s+(?:week|7\s+days|seven\s+days)|this\s+week'?s?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PastWeekPattern();

    [GeneratedRegex(@"\b(?:in|during|for|from|since|over|through(?:out)?|of)\s+(?:the\s+month\s+of\s+)?(?<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?:'s)?(?:,?\s+(?<year>\d{4}))?\b", RegexOptions.IgnoreCase)]
    private static partial Regex MonthAfterPrepositionPattern();

    [GeneratedRegex(@"\b(?<month>january|february|april|june|july|august|sept(?:ember)?|october|november|december|jan|feb|apr|jun|jul|aug|oct|nov|dec)\.?(?:'s)?(?:,?\s+(?<year>\d{4}))?\b", RegexOptions.IgnoreCase)]
    private static partial Regex MonthAlonePattern();

    [GeneratedRegex(@"\b(?:this|the\s+current)\s+month'?s?\b", RegexOptions.IgnoreCase)]
    private static partial Regex ThisMonthPattern();

    [GeneratedRegex(@"\b(?:last|the\s+last|previous|the\s+previous|past|the\s+past)\s+month'?s?\b", RegexOptions.IgnoreCase)]
    private static partial Regex LastMonthPattern();

    [GeneratedRegex(@"\byesterday(?:'s)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex YesterdayPattern();

    [GeneratedRegex(@"\b(?:today(?:'s)?|this\s+morning|tonight)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TodayPattern();

    [GeneratedRegex(@"\b(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})\b")]
    private static partial Regex IsoDatePattern();

    [GeneratedRegex(@"\b(?<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?(?:,?\s+(?<year>\d{4}))?", RegexOptions.IgnoreCase)]
    private static partial Regex DayMonthPattern();

    [GeneratedRegex(@"\b(?<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?<year>\d{4}))?", RegexOptions.IgnoreCase)]
    private static partial Regex MonthDayPattern();

    [GeneratedRegex(@"[\s?!.,;:]+$")]
    private static partial Regex TrailingPunctuationPattern();

    [GeneratedRegex(@"^(?:(?:hey|hi|hello|ok|okay|so|and|please|pls|briefly|@briefly)\b[\s,!:]*|(?:can|could|would)\s+you\s+(?:please\s+)?|(?:please\s+)?(?:tell|show|give|get|find|send)\s+me\s*(?:(?:some|any|the|all)\s+)?(?:(?:latest|recent|new|newest)\s+)?(?:news|updates?|stories|info(?:rmation)?|more)?\s*(?:about|on|regarding|for|with|of)?\s+|(?:what|what's|whats|what\s+is|what\s+are|what've|what\s+has|what\s+have)\s+(?:been\s+)?(?:the\s+)?(?:latest|new|newest|happening|happened|going\s+on|up)(?:\s+(?:news|updates?|stories))?\s*(?:on|with|about|in|at|to|for|regarding)?\s+|(?:what\s+)?(?:happened|happening)\s+(?:with|to|at|in|on)\s+|(?:is\s+there|are\s+there|got|have\s+you\s+got|do\s+you\s+have)\s+|(?:any(?:thing)?|some)\s+(?:new\s+)?(?:news|updates?|stories|developments?|info(?:rmation)?)?\s*(?:on|about|regarding|for|with|from|in)?\s+|(?:the\s+)?(?:latest|recent|newest|breaking)\s+(?:news\s+|updates?\s+|stories\s+)?(?:on|about|regarding|for|with|from|in)?\s*|(?:news|updates?|stories|developments?)\s+(?:on|about|regarding|for|with|from|in)\s+|(?:how|how's|hows)\s+(?:is|are)?\s*|(?:search|look\s+up|lookup)\s+(?:for\s+)?|(?:the\s+)?brief\s+(?:for|from|on|of)\s*|(?:what\s+(?:was|is|were)|what's|whats)\s+in\s+(?:the\s+)?)", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingFramingPattern();

    [GeneratedRegex(@"(?:\s+(?:news|updates?|stories|lately|recently|these\s+days|so\s+far|right\s+now|now|please|doing|going|up\s+to|brief|today|in\s+the\s+news|then|in|on|for|from|of|during|over|at|since|the)|'s\s+brief)$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingFramingPattern();

    [GeneratedRegex(@"^(?:the|a|an|any|anything|something|everything|all|news|updates?|stories|brief|briefs|latest|new|what|what's|whats|the\s+brief|'s|s|on|for|from|of|in|(?:what\s+)?(?:happened|happening|is\s+happening|has\s+happened|'s\s+happening|was\s+new|is\s+new|'s\s+new))?$", RegexOptions.IgnoreCase)]
    private static partial Regex FramingOnlyPattern();
}
