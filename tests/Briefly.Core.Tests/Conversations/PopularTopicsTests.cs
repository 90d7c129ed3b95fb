using Briefly.Core.Conversations;
using Xunit.Abstractions;

namespace Briefly.Core.Tests.Conversations;

/// <summary>
/// What "my topics" suggests, on every labelled corpus (the dev set and the five written sets in tests/corpora, each
/// ingested into a database of its own). Testers were offered "model" and "sales": words frequent in any news, no topic.
/// </summary>
public sealed class PopularTopicsTests(ITestOutputHelper output)
{
    /// <summary>Each corpus with names its headlines are most about, which the suggestions must keep offering.</summary>
    public static TheoryData<string, string[]> Corpora => new()
    {
        { "dev", ["Huawei", "DeepSeek", "Nvidia"] },
        { "practice", ["Huawei", "Nvidia"] },
        { "check", ["Huawei", "SMIC", "DeepSeek"] },
        { "final", ["Huawei", "Ascend", "DeepSeek"] },
        { "september", ["Nvidia", "Ascend"] },
        { "october", ["Nvidia", "Ascend", "Huawei"] },
    };

    [Theory]
    [MemberData(nameof(Corpora))]
    public async Task Suggestions_are_names_or_themes_never_lone_common_words(string corpus, string[] names)
    {
        await using var core = await CoreHarness.StartWithBriefsAsync(corpus == "dev" ? SharedFiles.DevCorpus : RepositoryFiles.Path("tests", "corpora", corpus));

        var reply = await core.SayAsync<TopicsReply>("my topics");
        output.WriteLine($"{corpus}: {string.Join(", ", reply.Suggested.Select(s => $"{s.Topic} ({s.StoryCount})"))}");
        var suggested = reply.Suggested.Select(s => s.Topic).ToList();

        // A single word must be written as a name; several words may name a theme ("export control").
        Assert.All(suggested, topic => Assert.True(topic.Contains(' ') || topic.Any(char.IsUpper), $"\"{topic}\" is a lone lower-case word."));
        Assert.DoesNotContain(suggested, topic => topic.Equals("model", StringComparison.OrdinalIgnoreCase) || topic.Equals("sales", StringComparison.OrdinalIgnoreCase));
        // A name of several words is offered whole, never as its halves ("Hong Kong", not "Hong" and "Kong").
        Assert.DoesNotContain(suggested, topic => topic is "Hong" or "Kong" or "Entity" or "List" or "Moore" or "Threads");
        Assert.All(names, name => Assert.Contains(name, suggested));
    }
}
