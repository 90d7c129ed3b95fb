using Briefly.Slack.BlockKit;

namespace Briefly.Slack.Tests.BlockKit;

public sealed class GoldenTests
{
    public static TheoryData<string> Kinds() => [.. SampleReplies.All.Keys];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_message_kind_matches_its_golden_file_and_passes_the_limits(string name)
    {
        var messages = BlockKitRenderer.Render(SampleReplies.All[name]);

        Assert.NotEmpty(messages);
        Checks.AllValid(messages);
        Golden.Verify(name, messages);
    }

    [Fact]
    public void Every_golden_file_belongs_to_a_message_kind()
    {
        var stale = Directory.GetFiles(Golden.Directory, "*.json").Select(Path.GetFileNameWithoutExtension)
            .Where(n => !SampleReplies.All.ContainsKey(n!)).ToList();
        Assert.Empty(stale);
    }
}
