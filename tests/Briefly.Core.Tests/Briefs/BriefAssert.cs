using Briefly.Core.Briefs;

namespace Briefly.Core.Tests.Briefs;

internal static class BriefAssert
{
    /// <summary>The brief, or a failure that lists every error the parser gave.</summary>
    public static BriefDocument Succeeded(BriefParseResult result)
    {
        Assert.True(result.Succeeded, "parse failed:\n" + string.Join("\n", result.Errors.Select(e => e.Describe("brief"))));
        Assert.Empty(result.Errors);
        return result.Brief!;
    }

    /// <summary>The errors, asserting there is no brief beside them.</summary>
    public static IReadOnlyList<BriefError> Failed(BriefParseResult result)
    {
        Assert.False(result.Succeeded, "expected errors, but the brief parsed");
        Assert.Null(result.Brief);
        Assert.NotEmpty(result.Errors);
        return result.Errors;
    }

    /// <summary>Records compare lists by reference, so briefs are compared field by field.</summary>
    public static void Same(BriefDocument expected, BriefDocument actual)
    {
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Date, actual.Date);
        Assert.Equal(expected.PostedAt, actual.PostedAt);
        Assert.Equal(expected.Takeaways, actual.Takeaways);
        Assert.Equal(expected.Stories.Count, actual.Stories.Count);
        for (var i = 0; i < expected.Stories.Count; i++)
        {
            var want = expected.Stories[i];
            var got = actual.Stories[i];
            Assert.Equal(want with { Citations = [] }, got with { Citations = [] });
            Assert.Equal(want.Citations, got.Citations);
        }
    }
}
