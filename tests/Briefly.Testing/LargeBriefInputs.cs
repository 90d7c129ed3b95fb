using System.Text;
using Briefly.Core.Briefs;

namespace Briefly.Testing;

/// <summary>
/// Inputs of any size, shaped to hit every loop of the parser that could go quadratic: one huge line, runs of
/// labels, links, brackets, parentheses, digits; many stories; long lists in HTML. The tests parse them; the
/// benchmarks time them at two sizes.
/// </summary>
public static class LargeBriefInputs
{
    public const int Megabyte = 1 << 20;

    public static IReadOnlyList<string> Shapes { get; } =
    [
        "stories", "one-line-words", "labels", "markdown-links", "parentheses", "urls", "digits", "colons", "bullets",
        "html-list", "html-paragraphs", "html-misnested", "json-stories",
    ];

    /// <summary>Text of the shape, at least <paramref name="size"/> characters long.</summary>
    public static string Build(string shape, int size)
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
            "html-paragraphs" => BriefWriters.Html(Parsed(WithStoriesRepeated(seed, size))),
            "html-misnested" => "<h1>Brief — 29 April 2026</h1>" + Repeat("<b><p></b></p>", size),
            "json-stories" => BriefWriters.Json(Parsed(WithStoriesRepeated(seed, size))),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "not one of LargeBriefInputs.Shapes"),
        };
    }

    /// <summary>The seed with its stories copied until the text reaches the size.</summary>
    public static string WithStoriesRepeated(string seed, int size)
    {
        var start = seed.IndexOf("Top Stories", StringComparison.Ordinal) + "Top Stories".Length;
        var end = seed.IndexOf("Key Takeaways", StringComparison.Ordinal);
        var stories = seed[start..end];
        var text = new StringBuilder(seed[..start]);
        while (text.Length < size) text.Append(stories);
        return text.Append(seed[end..]).ToString();
    }

    private static BriefDocument Parsed(string text) =>
        BriefParser.Parse(text).Brief ?? throw new InvalidOperationException("the repeated seed no longer parses");

    private static string Repeat(string unit, int size) => new StringBuilder(size + unit.Length).Insert(0, unit, size / unit.Length + 1).ToString();
}
