using Briefly.Core.Feeds;

namespace Briefly.Core.Tests.Feeds;

public class FeedDatesTests
{
    [Theory]
    [InlineData("Wed, 29 Apr 2026 08:00:00 GMT", "2026-04-29T08:00:00+00:00")]
    [InlineData("Wed, 29 Apr 2026 08:00:00 +0800", "2026-04-29T08:00:00+08:00")]
    [InlineData("29 Apr 2026 08:00 EST", "2026-04-29T08:00:00-05:00")]
    [InlineData("Wed,29 April 26 8:05:09 PDT", "2026-04-29T08:05:09-07:00")]
    [InlineData("Wed, 29 Apr 2026 08:00:00", "2026-04-29T08:00:00+00:00")]
    [InlineData("Wed, 29 Apr 2026 08:00:00 +08:00", "2026-04-29T08:00:00+08:00")]
    [InlineData("2026-04-29T08:00:00Z", "2026-04-29T08:00:00+00:00")]
    [InlineData("2026-04-29T08:00:00.123-04:00", "2026-04-29T08:00:00.123-04:00")]
    [InlineData("2026-04-29", "2026-04-29T00:00:00+00:00")]
    public void Reads_rfc_822_and_rfc_3339_dates(string text, string expected)
    {
        var parsed = FeedDates.Parse(text);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), parsed);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).Offset, parsed!.Value.Offset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("Wed, 31 Feb 2026 08:00:00 GMT")]
    [InlineData("Wed, 29 Foo 2026 08:00:00 GMT")]
    [InlineData("Wed, 29 Apr 2026 25:00:00 GMT")]
    [InlineData("Wed, 29 Apr 2026 08:00:00 +9900")]
    public void Unreadable_dates_are_null(string? text) => Assert.Null(FeedDates.Parse(text));
}
