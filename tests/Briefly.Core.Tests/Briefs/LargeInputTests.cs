using System.Diagnostics;
using System.Text;
using Briefly.Core.Briefs;

namespace Briefly.Core.Tests.Briefs;

/// <summary>
/// Inputs of a megabyte and more, shaped to hit every loop that could go quadratic: one huge line,
/// runs of labels, links, brackets, parentheses, digits; many stories; long lists in HTML.
/// </summary>
public sealed class LargeInputTests
{
    private const int Megabyte = 1 << 20;

    public static TheoryData<string> Shapes() =>
    [
        "stories", "one-line-words", "labels", "markdown-links", "parentheses", "urls", "digits", "colons", "bullets",
        "html-list", "html-paragraphs", "html-misnested", "json-stories",
    ];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Megabyte_input_parses_in_linear_time(string shape)
    {
        var small = Build(shape, Megabyte / 4);
        var large = Build(shape, Megabyte * 2);
        Assert.True(large.Length >= 2 * Megabyte);

        var smallTime = FastestOf3(small);
        var largeTime = FastestOf3(large);

        // Eight times the input: linear is ×8, quadratic would be ×64.
        Assert.True(largeTime < 20 * smallTime + TimeSpan.FromMilliseconds(150),
            $"{shape}: {small.Length:N0} chars took {smallTime.TotalMilliseconds:N0} ms, {large.Length:N0} took {largeTime.TotalMilliseconds:N0} ms");
        // A loose cap for loaded CI machines; the ratio above is the real check.
        Assert.True(largeTime < TimeSpan.FromSeconds(15), $"{shape}: {largeTime.TotalMilliseconds:N0} ms");
    }

    [Fact]
    public void A_megabyte_of_seed_stories_reads_as_one_brief()
    {
        var brief = BriefAssert.Succeeded(BriefParser.Parse(Build("stories", Megabyte)));

        Assert.True(brief.Stories.Count > 900);
        Assert.Equal(4, brief.Takeaways.Count);
    }

    private static TimeSpan FastestOf3(string text)
    {
        var fastest = TimeSpan.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            var result = BriefParser.ParseUnguarded(text, BriefFormat.Auto);
            clock.Stop();
            Assert.True(result.Succeeded ^ result.Errors.Count > 0);
            if (clock.Elapsed < fastest) fastest = clock.Elapsed;
        }

        return fastest;
    }

    private static string Build(string shape, int size)
    {
        var seed = File.ReadAllText(SharedFiles.Seed);
        return shape switch
        {
            "stories" => WithStoriesRepeated(seed, size),
            "one-line-words" => "China AI Update Brief — 29 April 2026 " + Repeat("chips model 29 Apr 2026 — ", size),
            "labels" => "Brief — 29 April 2026\n\nStory\n" + Repeat("Source: Summary: Why It Matters: Citation URL: **Also confirmed:** ", size),
            "markdown-links" => "Brief — 29 April 2026\n" + Repeat("[a](x[b](", size),
            "parentheses" => "Brief — 29 April 2026\n\nStory\nSource: AP Summary: S. Citation URL: https://a.com/" + Repeat(")", size),
            "urls" => "Brief — 29 April 2026\n\nStory\nSource: AP Summary: S. Citation URL: " + Repeat("https://http://", size),
            "digits" => "Brief — 29 April 2026\n\nStory\nSource: AP — " + Repeat("1 ", size) + " Summary: S. Citation URL: https://a.com/",
            "colons" => "Brief — " + Repeat(":", size),
            "bullets" => "Brief — 29 April 2026\nKey Takeaways\n" + Repeat("• point\ncontinued\n", size),
            "html-list" => "<h1>Brief — 29 April 2026</h1><ul>" + Repeat("<li><a href=\"https://a.com/x\">a</a></li>", size) + "</ul>",
            "html-paragraphs" => BriefWriters.Html(BriefAssert.Succeeded(BriefParser.Parse(WithStoriesRepeated(seed, size)))),
            "html-misnested" => "<h1>Brief — 29 April 2026</h1>" + Repeat("<b><p></b></p>", size),
            "json-stories" => BriefWriters.Json(BriefAssert.Succeeded(BriefParser.Parse(WithStoriesRepeated(seed, size)))),
            _ => throw new ArgumentOutOfRangeException(nameof(shape)),
        };
    }

    /// <summary>The seed with its stories copied until the text reaches the size.</summary>
    private static string WithStoriesRepeated(string seed, int size)
    {
        var start = seed.IndexOf("Top Stories", StringComparison.Ordinal) + "Top Stories".Length;
        var end = seed.IndexOf("Key Takeaways", StringComparison.Ordinal);
        var stories = seed[start..end];
        var text = new StringBuilder(seed[..start]);
        while (text.Length < size) text.Append(stories);
        return text.Append(seed[end..]).ToString();
    }

    private static string Repeat(string unit, int size) => new StringBuilder(size + unit.Length).Insert(0, unit, size / unit.Length + 1).ToString();
}
