namespace Briefly.Core.Search;

/// <summary>
/// A stored story as the search engine sees it: no EF types, so the index can be fed from the
/// database, from parsed briefs in tests, or from generated stories in benchmarks.
/// </summary>
/// <param name="Id">The story's database id; adding a story with an id already indexed replaces it.</param>
/// <param name="BriefDate">The date of the brief the story appeared in: recency and date lookups use it.</param>
/// <param name="Position">Order within its brief (only the relative order matters), the order a date lookup answers in.</param>
/// <param name="Embedding">The stored vector (see <see cref="Semantic.StoryVectors"/>), or null when the story has none of the current model's.</param>
public sealed record SearchableStory(
    long Id,
    long BriefId,
    DateOnly BriefDate,
    int Position,
    string Title,
    string Source,
    DateOnly Date,
    string Summary,
    string WhyItMatters,
    byte[]? Embedding = null,
    string? EmbeddingModel = null);

/// <summary>One story of an answer, in answer order.</summary>
/// <param name="Score">How squarely the story is about the topic, 0 to 1, from where the topic is named (headline, lead, why-it-matters, body); 0 for date and period lookups, which are not ranked.</param>
/// <param name="Squarely">True when the story's main subject is the topic (title or lead); false for partial matches.</param>
public sealed record StoryHit(long StoryId, float Score, bool Squarely)
{
    /// <summary>Why the story is in the answer, when asked for (<c>ask --explain</c>); null otherwise.</summary>
    public StoryWhy? Why { get; init; }

    /// <summary>A story that follows the answer as related reading: near the question by words and meaning, not on the topic.</summary>
    public bool Related { get; init; }
}

/// <summary>Why a story answers a topic question, so a wrong answer can be understood without a debugger.</summary>
/// <param name="Verdict">"squarely" (goes first, newest first), "partly" (after them, by relevance) or "related" (last: near the question by words and meaning).</param>
/// <param name="FoundBy">"words", "meaning" (close in meaning and naming part of the question) or "words and meaning".</param>
/// <param name="Words">The question's words (as the index analyses them) that the story holds.</param>
/// <param name="Meaning">Cosine similarity of the story with the question; null when answers do not use meaning.</param>
/// <param name="Focus">How prominently the story names the question's words, 0 to 1 (headline 1, lead, why-it-matters, body).</param>
public sealed record StoryWhy(string Verdict, string FoundBy, IReadOnlyList<string> Words, float? Meaning, double Focus);
