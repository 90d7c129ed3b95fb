using Briefly.Core.Search;

namespace Briefly.Core.Conversations;

/// <summary>
/// One key per topic however it is written: "Huawei chips", "huawei chip" and "Huawei's chips" are one subscription.
/// The key is the topic through the search analysis (case, punctuation, possessives, plurals, British and American
/// spellings), so a followed topic means what the same words mean in a question.
/// </summary>
public static class TopicKeys
{
    private static readonly StoryAnalyzer Analyzer = new(TopicCatalogue.Default.Spellings);
    private static readonly Lock Gate = new();

    public static string Of(string topic)
    {
        // An Analyzer reuses its token streams per thread; the lock keeps the static instance simple to share.
        lock (Gate) return string.Join(' ', Analyzer.Terms("title", topic).Distinct());
    }

    /// <summary>The topic as it will be shown: the person's words, tidied.</summary>
    public static string Display(string topic) => string.Join(' ', topic.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim(' ', '?', '.', '!', '"');
}
