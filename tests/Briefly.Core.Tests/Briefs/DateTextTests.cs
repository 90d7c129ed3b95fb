using Briefly.Core.Briefs;

namespace Briefly.Core.Tests.Briefs;

public sealed class DateTextTests
{
    [Theory]
    [InlineData("29 Apr 2026", 2026, 4, 29)]
    [InlineData("29 April 2026", 2026, 4, 29)]
    [InlineData("28–29 Apr 2026", 2026, 4, 29)]
    [InlineData("28-29 Apr 2026", 2026, 4, 29)]
    [InlineData("30 Apr–1 May 2026", 2026, 5, 1)]
    [InlineData("Apr 30 – May 1, 2026", 2026, 5, 1)]
    [InlineData("May 28–29, 2026", 2026, 5, 29)]
    [InlineData("May 5, 2026", 2026, 5, 5)]
    [InlineData("2026-05-05", 2026, 5, 5)]
    [InlineData("2026-05-04 – 2026-05-05", 2026, 5, 5)]
    [InlineData("Tuesday, 5 May 2026", 2026, 5, 5)]
    [InlineData("5th May 2026", 2026, 5, 5)]
    [InlineData("1st of May 2026", 2026, 5, 1)]
    [InlineData("5 Sept. 2026", 2026, 9, 5)]
    [InlineData("30 Dec 2025 – 2 Jan 2026", 2026, 1, 2)]
    [InlineData("28 to 29 Feb 2028", 2028, 2, 29)]
    public void Reads_the_last_day(string text, int year, int month, int day)
    {
        Assert.True(DateText.TryParse(text, out var written));
        Assert.Equal(new DateOnly(year, month, day), DateText.Resolve(written, new DateOnly(2000, 1, 1)));
    }

    [Theory]
    [InlineData("Apr 2026")]
    [InlineData("April 2026")]
    [InlineData("Apr–May 2026")]
    public void Month_only_dates_take_the_brief_date(string text)
    {
        Assert.True(DateText.TryParse(text, out var written));
        Assert.Null(written.Day);
        Assert.Equal(new DateOnly(2026, 4, 29), DateText.Resolve(written, new DateOnly(2026, 4, 29)));
    }

    [Theory]
    [InlineData("29 Feb 2026")]
    [InlineData("31 Apr 2026")]
    [InlineData("29 Aprl 2026")]
    [InlineData("2026")]
    [InlineData("29 2026")]
    [InlineData("Reuters")]
    [InlineData("28–")]
    [InlineData("–29 Apr 2026")]
    [InlineData("2026-13-01")]
    [InlineData("0000-01-01")]
    [InlineData("05/05/2026")]
    public void Rejects_what_is_not_one_date(string text)
    {
        var readable = DateText.TryParse(text, out var written) && DateText.Resolve(written, new DateOnly(2026, 1, 1)) is not null;
        Assert.False(readable);
    }

    [Fact]
    public void A_missing_year_is_the_brief_year_or_the_one_before()
    {
        Assert.True(DateText.TryParse("30 Dec", out var december));
        Assert.Equal(new DateOnly(2025, 12, 30), DateText.Resolve(december, new DateOnly(2026, 1, 2)));
        Assert.True(DateText.TryParse("1 May", out var may));
        Assert.Equal(new DateOnly(2026, 5, 1), DateText.Resolve(may, new DateOnly(2026, 5, 2)));
    }

    [Theory]
    [InlineData("Reuters / Caixin — 29 Apr 2026", "Reuters / Caixin", "29 Apr 2026")]
    [InlineData("AP - 7 May 2026", "AP", "7 May 2026")]
    [InlineData("Bloomberg — 30 Apr–1 May 2026", "Bloomberg", "30 Apr–1 May 2026")]
    [InlineData("Reuters — Apr 30 – May 1, 2026", "Reuters", "Apr 30 – May 1, 2026")]
    [InlineData("Channel 4 — 5 May 2026", "Channel 4", "5 May 2026")]
    [InlineData("Reuters, May 1, 2026", "Reuters", "May 1, 2026")]
    [InlineData("Reuters (1 May 2026)", "Reuters", "1 May 2026")]
    [InlineData("Reuters 1 May 2026", "Reuters", "1 May 2026")]
    [InlineData("Yicai", "Yicai", "")]
    [InlineData("Dow Jones - MarketWatch", "Dow Jones - MarketWatch", "")]
    [InlineData("Channel 4", "Channel 4", "")]
    public void Splits_outlets_from_the_date(string source, string outlets, string date)
    {
        var parts = DateText.SplitSource(source);

        Assert.Equal((outlets, date, false), (parts.Outlets, parts.DateText, parts.DateIsBad));
    }

    [Fact]
    public void A_source_date_that_looks_like_a_date_but_will_not_read_is_flagged()
    {
        var parts = DateText.SplitSource("Reuters — 31 Feb 2026");

        Assert.Equal(("Reuters", "31 Feb 2026", true), (parts.Outlets, parts.DateText, parts.DateIsBad));
    }

    [Theory]
    [InlineData("Posted in Policy")]
    [InlineData("Published by the desk")]
    [InlineData("Summary of the day")]
    public void Lines_without_a_date_are_not_posted_on_lines(string line) => Assert.Null(DateText.ReadPostedOn(line));
}
