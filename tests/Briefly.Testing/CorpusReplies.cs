using Briefly.Core.Briefs;
using Briefly.Core.Conversations;

using Xunit;

namespace Briefly.Testing;

/// <summary>
/// The seed brief and the dev corpus (read in place from ../shared) parsed with the product's parser and turned into
/// the reply models the conversation core hands to the renderers, for the card and Block Kit tests of both platforms.
/// </summary>
public static class CorpusReplies
{
    public static BriefDocument Seed { get; } = Parse(SharedFiles.Seed);

    /// <summary>The dev corpus briefs in date order (reference, Markdown, noisy and one-field-per-line layouts), by file name.</summary>
    public static IReadOnlyList<(string Name, BriefDocument Brief)> Corpus { get; } =
        [.. Directory.GetFiles(SharedFiles.DevCorpus, "brief-*.txt").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileNameWithoutExtension(f), Parse(f)))];

    /// <summary>Every dev corpus story with ids 1..n in corpus order (the ingest numbers stories the same way).</summary>
    public static IReadOnlyList<StoryView> CorpusStories { get; } = Views(Corpus.SelectMany(d => d.Brief.Stories));

    public static BriefDocument Parse(string path)
    {
        var result = BriefParser.Parse(File.ReadAllText(path));
        Assert.True(result.Succeeded, $"{path}: " + string.Join("; ", result.Errors.Select(e => e.Describe(path))));
        return result.Brief!;
    }

    public static BriefReply Brief(BriefDocument brief, DateOnly? previous, long firstId = 1) =>
        new(brief.Title, brief.Date, brief.PostedAt, Views(brief.Stories, firstId), brief.Takeaways, previous);

    public static IReadOnlyList<StoryView> Views(IEnumerable<StoryDocument> stories, long firstId = 1) =>
        [.. stories.Select((s, i) => View(s, firstId + i))];

    public static StoryView View(StoryDocument s, long id) =>
        new(id, s.Title, s.Source, s.Date, s.DateText, s.Summary, s.WhyItMatters, s.Citations, TopicSuggestions.NamesIn(s.Title));

    /// <summary>Dev stories whose title or summary mentions <paramref name="word"/>, newest first, as an answer lists them.</summary>
    public static IReadOnlyList<StoryView> About(string word) =>
        [.. CorpusStories.Where(s => s.Title.Contains(word, StringComparison.OrdinalIgnoreCase) || s.Summary.Contains(word, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(s => s.Date).ThenBy(s => s.Id)];
}
