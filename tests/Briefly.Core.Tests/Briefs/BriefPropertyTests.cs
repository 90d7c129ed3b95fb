using Briefly.Core.Briefs;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Briefly.Core.Tests.Briefs;

/// <summary>
/// Properties over many random inputs. Robustness properties call <c>ParseUnguarded</c>, which has no
/// last-resort catch, so an exception anywhere in the parser fails them.
/// </summary>
public sealed class BriefPropertyTests
{
    private static readonly string[] RealBriefs =
        [File.ReadAllText(SharedFiles.Seed), .. Directory.GetFiles(SharedFiles.DevCorpus, "brief-*.txt").Order().Select(File.ReadAllText)];

    [Property(MaxTest = 500)]
    public Property Random_text_never_throws_and_gives_a_brief_or_errors() =>
        Prop.ForAll(Arb.From(BriefGenerators.Garbage()), text =>
        {
            foreach (var format in Enum.GetValues<BriefFormat>()) ExactlyOneOutcome(BriefParser.ParseUnguarded(text, format));
        });

    [Property(MaxTest = 1000)]
    public Property Damaged_real_briefs_never_throw_and_give_a_brief_or_errors() =>
        Prop.ForAll(Arb.From(BriefGenerators.Mutated(RealBriefs)), text =>
        {
            ExactlyOneOutcome(BriefParser.ParseUnguarded(text, BriefFormat.Auto));
            ExactlyOneOutcome(BriefParser.ParseUnguarded(text, BriefFormat.Html));
        });

    [Property(MaxTest = 300)]
    public Property A_brief_written_in_the_reference_layout_reads_back_the_same() =>
        Prop.ForAll(BriefGenerators.Briefs, brief =>
            BriefAssert.Same(brief, BriefAssert.Succeeded(BriefParser.Parse(BriefWriters.ReferenceLayout(brief)))));

    [Property(MaxTest = 200)]
    public Property A_brief_written_as_html_reads_back_the_same() =>
        Prop.ForAll(BriefGenerators.Briefs, brief =>
            BriefAssert.Same(brief, BriefAssert.Succeeded(BriefParser.Parse(BriefWriters.Html(brief)))));

    [Property(MaxTest = 200)]
    public Property A_brief_written_as_json_reads_back_the_same() =>
        Prop.ForAll(BriefGenerators.Briefs, brief =>
        {
            BriefAssert.Same(brief, BriefAssert.Succeeded(BriefParser.Parse(BriefWriters.Json(brief))));
            // Without story dates the reader derives each from its date text, as the text parser does.
            BriefAssert.Same(brief, BriefAssert.Succeeded(BriefParser.Parse(BriefWriters.Json(brief, withStoryDates: false))));
        });

    [Property(MaxTest = 20)]
    public Property Megabyte_inputs_never_throw() =>
        Prop.ForAll(Arb.From(BriefGenerators.Mutated(RealBriefs)), text =>
        {
            var big = string.Concat(Enumerable.Repeat(text + "\n", 1_000_000 / Math.Max(1, text.Length + 1) + 1));
            Assert.True(big.Length >= 1_000_000);
            ExactlyOneOutcome(BriefParser.ParseUnguarded(big, BriefFormat.Auto));
        });

    private static void ExactlyOneOutcome(BriefParseResult result)
    {
        Assert.True(result.Succeeded ^ result.Errors.Count > 0, "a result must hold a brief or errors, never both or neither");
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        Assert.All(result.Errors, e => Assert.True(e.Line is null or >= 1, "lines are 1-based"));
    }
}
