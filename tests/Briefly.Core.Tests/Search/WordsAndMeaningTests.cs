using Briefly.Core.Search;
using Briefly.Core.Search.Semantic;

namespace Briefly.Core.Tests.Search;

/// <summary>Answers by words and meaning together, with the real embedding model and real stored vectors.</summary>
public sealed class WordsAndMeaningTests
{
    private static readonly DateOnly Today = new(2026, 5, 19);

    private static readonly SearchableStory[] Archive =
    [
        Story(1, "Nvidia gets US licences to ship H20 accelerators to Chinese customers",
            "Nvidia said Washington granted licences to resume shipments of its H20 data-centre accelerators to customers in China.", day: 12),
        Story(2, "Nvidia reports record data-centre revenue",
            "Nvidia's quarterly revenue rose on demand for Blackwell systems from US cloud companies.", day: 14),
        Story(3, "Cambricon delivers Siyuan 790 samples to three hyperscalers",
            "Cambricon has delivered engineering samples of its Siyuan 790 training accelerator to three large Chinese internet companies.", day: 15),
        Story(4, "Zhipu closes 2 billion yuan funding round",
            "Zhipu AI raised 2 billion yuan from state-backed investors to train its next GLM models.", day: 4),
        Story(5, "Moonshot AI raises $700 million as Kimi subscriptions climb",
            "Moonshot AI closed a $700 million round led by existing investors as paying Kimi users doubled.", day: 18),
    ];

    private static SearchableStory Story(long id, string title, string summary, int day) =>
        new(id, 100 + day, new DateOnly(2026, 5, day), 1, title, "Reuters", new DateOnly(2026, 5, day), summary, "It matters.");

    private static StoryIndex IndexOf(StoryEmbeddings embeddings, TopicCatalogue? catalogue = null)
    {
        var index = new StoryIndex(catalogue, embeddings);
        var vectors = SemanticSearch.MiniLm.EmbedStories([.. Archive.Select(s => StoryVectors.TextOf(s.Title, s.Summary))], default)!;
        index.AddOrReplace(Archive.Select((s, i) => s with { Embedding = vectors[i], EmbeddingModel = SemanticSearch.MiniLm.ModelId }));
        return index;
    }

    private static long[] Ids(StoryIndex index, string question) => [.. index.Search(question, 5, Today).Select(h => h.StoryId)];

    [Fact]
    public void A_whole_question_with_a_word_no_story_holds_is_answered_by_meaning()
    {
        using var withMeaning = IndexOf(SemanticSearch.MiniLm);
        using var wordsOnly = IndexOf(SemanticSearch.Off);
        const string question = "is nvidia allowed to sell the h20 in china again?";

        // "allowed" and "sell" are in no story: by words alone the question cannot be answered.
        Assert.Empty(Ids(wordsOnly, question));
        Assert.Equal(1L, Ids(withMeaning, question).First());
        Assert.DoesNotContain(2L, Ids(withMeaning, question));
    }

    [Fact]
    public void Stories_near_the_question_by_words_and_meaning_follow_the_answer_as_related_reading()
    {
        using var index = IndexOf(SemanticSearch.MiniLm);

        var hits = index.Search(TopicQuery.Parse("latest on nvidia revenue"), 5, Today, explain: true);

        Assert.Equal(2L, hits[0].StoryId);
        Assert.False(hits[0].Related);
        // Nvidia's H20 licences: not about its revenue, but near the question by both its words and its meaning.
        var related = Assert.Single(hits, h => h.Related);
        Assert.Equal(1L, related.StoryId);
        Assert.Equal("related", related.Why!.Verdict);
        Assert.Equal("words and meaning", related.Why.FoundBy);
        // Only the answer's own stories count as what a topic has had lately.
        Assert.Single(hits, h => !h.Related);
    }

    [Fact]
    public void A_name_no_story_holds_gets_no_stories_on_the_question_s_commoner_words()
    {
        using var index = IndexOf(SemanticSearch.MiniLm);

        Assert.Empty(Ids(index, "any updates on RISC-V chips?"));
        Assert.Empty(Ids(index, "samsung foundry"));
    }

    [Fact]
    public void Question_words_do_not_have_to_be_in_the_story()
    {
        using var index = IndexOf(SemanticSearch.MiniLm);

        Assert.Equal(3L, Ids(index, "what's cambricon doing with the siyuan 790 now?").First());
    }

    [Fact]
    public void A_whole_question_with_a_month_gets_the_month_s_stories_newest_first()
    {
        using var index = IndexOf(SemanticSearch.MiniLm);

        Assert.Equal([5L, 4L], Ids(index, "who raised funding in May?"));
    }

    private static long[] Matched(StoryIndex index, string topic) =>
        [.. index.Match([topic], Archive.Select(s => s.Id)).Select(m => m.StoryId).Order()];

    [Fact]
    public void A_followed_topic_with_a_word_no_story_holds_is_matched_by_meaning_as_it_is_answered()
    {
        using var withMeaning = IndexOf(SemanticSearch.MiniLm);
        using var wordsOnly = IndexOf(SemanticSearch.Off);
        const string topic = "nvidia allowed to sell h20 in china";

        Assert.Empty(Matched(wordsOnly, topic));
        Assert.Equal([1L], Matched(withMeaning, topic));
        Assert.Contains(1L, Ids(withMeaning, topic));
    }

    [Fact]
    public void A_story_very_close_to_a_followed_topic_is_matched_without_all_its_words()
    {
        // With no catalogue to say that a round is funding: story 5 says "raises" and "round", not "funding".
        using var withMeaning = IndexOf(SemanticSearch.MiniLm, TopicCatalogue.Empty);
        using var wordsOnly = IndexOf(SemanticSearch.Off, TopicCatalogue.Empty);

        Assert.Empty(Matched(wordsOnly, "moonshot funding"));
        Assert.Equal([5L], Matched(withMeaning, "moonshot funding"));
        Assert.Equal(5L, Ids(withMeaning, "moonshot funding").First());
    }

    [Fact]
    public void A_followed_name_no_story_holds_matches_nothing_by_meaning()
    {
        using var index = IndexOf(SemanticSearch.MiniLm);

        Assert.Empty(Matched(index, "RISC-V chips"));
        Assert.Empty(Matched(index, "samsung foundry"));
        Assert.Equal([4L, 5L], Matched(index, "funding"));
    }
}
