using Briefly.Core.Conversations;

namespace Briefly.Core.Tests.Conversations;

public sealed class TopicSuggestionsTests
{
    [Theory]
    [InlineData("State Grid approves 3 GW of dedicated supply for western AI hubs", "State Grid|GW")]
    [InlineData("Volcano Engine prices Doubao 2.5 Lite at 0.4 yuan per million tokens", "Volcano Engine|Doubao|Lite")]
    [InlineData("DeepSeek V4 triggers massive demand surge for Huawei AI chips", "DeepSeek|Huawei")]
    [InlineData("Huawei’s Ascend share passes 45%", "Huawei|Ascend")]
    [InlineData("Cambricon, Hygon win bank tenders", "Cambricon|Hygon")]
    [InlineData("Chinese AI labs buy gaming GPUs in bulk", "")]
    [InlineData("Moore Threads lists in Shanghai after Biren delays", "Moore Threads|Shanghai|Biren")]
    public void Names_in_a_headline_are_whole_names_worth_following(string title, string expected)
    {
        Assert.Equal(expected.Split('|', StringSplitOptions.RemoveEmptyEntries), TopicSuggestions.NamesIn(title));
    }
}
