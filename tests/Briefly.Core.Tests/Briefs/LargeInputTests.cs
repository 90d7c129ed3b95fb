using Briefly.Core.Briefs;

namespace Briefly.Core.Tests.Briefs;

/// <summary>
/// Inputs of a megabyte and more, in every shape of <see cref="LargeBriefInputs"/>, are read to a brief or to
/// errors and never hang. How the time grows with the size is measured by LargeInputBenchmarks, not here.
/// </summary>
public sealed class LargeInputTests
{
    /// <summary>Generous: the two-megabyte inputs parse in well under a second; only a runaway loop comes near it.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    public static TheoryData<string> Shapes() => [.. LargeBriefInputs.Shapes];

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Two_megabytes_of_every_shape_give_a_brief_or_errors(string shape)
    {
        var text = LargeBriefInputs.Build(shape, 2 * LargeBriefInputs.Megabyte);
        Assert.True(text.Length >= 2 * LargeBriefInputs.Megabyte);

        var result = await Task.Run(() => BriefParser.ParseUnguarded(text, BriefFormat.Auto)).WaitAsync(HangGuard);

        if (result.Succeeded)
        {
            Assert.Empty(result.Errors);
            Assert.NotEmpty(result.Brief!.Stories);
        }
        else
        {
            Assert.Null(result.Brief);
            Assert.All(result.Errors, error => Assert.False(string.IsNullOrWhiteSpace(error.Describe("brief"))));
        }
    }

    [Fact]
    public void A_megabyte_of_seed_stories_reads_as_one_brief()
    {
        var brief = BriefAssert.Succeeded(BriefParser.Parse(LargeBriefInputs.Build("stories", LargeBriefInputs.Megabyte)));

        Assert.True(brief.Stories.Count > 900);
        Assert.Equal(4, brief.Takeaways.Count);
    }
}
