using System.Globalization;
using System.Text.Json;
using Briefly.Core.Search;
using Xunit.Abstractions;

namespace Briefly.Core.Tests.Search;

/// <summary>
/// Answer quality on labelled corpora: every question of a queries.json against its twelve briefs, answered as the bot
/// answers (words and meaning, the embedding model the host runs). Prints nDCG@5 (linear graded gain), latest@1 and
/// no-answer accuracy, and holds the floors the issue sets on the dev corpus. Unseen sets are measured the same way, so
/// the method is improved, never tuned per query.
/// </summary>
public sealed class RelevanceEvaluationTests(ITestOutputHelper output)
{
    private const int Cutoff = 5;

    [Fact]
    public void Dev_set_meets_the_quality_floors()
    {
        using var corpus = LabelledCorpus.Dev();
        AssertFloors(Evaluate(corpus));
    }

    /// <summary>
    /// Five more sets in the dev set's format, written for the project by sessions that never saw the engine or each
    /// other: practice (June briefs), check (July), final (August), september and october. Each was measured once with the
    /// engine as it stood before being looked at (practice nDCG@5 0.612 / latest@1 0.538; check 0.865 / 0.704 after the
    /// practice set's lessons; final 0.890 / 0.615 after the check set's; september 0.879 / 0.815 after the final set's;
    /// october 0.869 / 0.750 after september's), then used to find where the method did not generalise, so none is
    /// unseen any more: these floors keep what was won.
    /// </summary>
    [Theory]
    [InlineData("practice")]
    [InlineData("check")]
    [InlineData("final")]
    [InlineData("september")]
    [InlineData("october")]
    public void Written_sets_keep_their_quality(string set)
    {
        using var corpus = LabelledCorpus.Written(set);
        AssertFloors(Evaluate(corpus), latestFloor: 0.80);
    }

    /// <summary>
    /// Two sets written for issue 9 by sessions that never saw the engine. First measured before any change made for
    /// them (2026-12-05, the engine of commit 52d51e2, lexical with the beat catalogue): november, 53 whole questions as
    /// people type them on this beat, nDCG@5 0.539 over 45 / latest@1 0.512 over 43 / no-answer 1.000 over 8; biotech,
    /// another beat (12 biotech and pharma briefs, 46 questions), nDCG@5 0.492 over 37 / latest@1 0.361 over 36 /
    /// no-answer 0.889 over 9. Measured again, totals only, with words and meaning fused, chat framing words left out and
    /// months read as periods (2026-12-05): november 0.771 / 0.721 / 0.750, biotech 0.708 / 0.500 / 0.778. Better answers,
    /// but more questions with no answer in the archive got one. Measured a third time (2026-12-05) after "nothing on that"
    /// was made to hold for stories found by meaning (see <see cref="Questions_the_archive_has_nothing_on_get_nothing"/>,
    /// whose own set it was built on): november 0.739 / 0.674 / 0.875, biotech 0.690 / 0.472 / 0.889; with no catalogue
    /// november 0.683 / 0.628 / 1.000, biotech 0.699 / 0.472 / 1.000. Fewer wrong answers to what the archive does not
    /// cover, and fewer right ones found by meaning alone. Measured a fourth time (2026-12-06) after related stories (near
    /// the question by words and by meaning) were made to follow an answer: november 0.763 / 0.674 / 0.875, biotech 0.715 /
    /// 0.472 / 0.889; with no catalogue november 0.712 / 0.628 / 1.000, biotech 0.724 / 0.472 / 1.000. These floors hold
    /// that fourth measurement. Nobody tunes on these sets: their per-question lines are not printed.
    /// </summary>
    [Theory]
    [InlineData("november", 0.763, 0.674, 0.875)]
    [InlineData("biotech", 0.715, 0.472, 0.889)]
    public void New_sets_keep_at_least_their_last_measurement(string set, double ndcg, double latest, double noAnswer)
    {
        using var corpus = LabelledCorpus.Written(set);
        var figures = Evaluate(corpus, printQueries: false);
        Print(figures);

        Assert.True(figures.Ndcg >= ndcg - 0.0005, $"nDCG@5 {figures.Ndcg:0.000} < {ndcg}");
        Assert.True(figures.Latest >= latest - 0.0005, $"latest@1 {figures.Latest:0.000} < {latest}");
        Assert.True(figures.NoAnswer >= noAnswer - 0.0005, $"no-answer {figures.NoAnswer:0.000} < {noAnswer}");
    }

    /// <summary>
    /// With no catalogue (<c>Search:Catalogue=none</c>) the engine reads the beat from words and meaning alone. Measured
    /// 2026-12-05 on the seen sets: nDCG@5 0.798–0.880, latest@1 0.692–0.750, no-answer 1.000 everywhere; with the
    /// catalogue 0.931–0.983: on this beat the catalogue still earns its place. Since stories found by meaning alone no
    /// longer answer in passing when nothing is squarely on the question: nDCG@5 0.767–0.880, latest@1 0.615–0.750 (practice
    /// loses "memory chipmakers" and "critical minerals", which only the catalogue's groups or a looser meaning find). With
    /// related stories following an answer (2026-12-06): nDCG@5 0.798–0.893, latest@1 unchanged. These floors keep what the engine does without it; the issue's floors (nDCG@5 0.92, latest@1 0.95) are not met.
    /// </summary>
    [Theory]
    [MemberData(nameof(LabelledCorpus.SeenSets), MemberType = typeof(LabelledCorpus))]
    public void Without_a_catalogue_answers_hold_what_they_scored(string set)
    {
        using var corpus = LabelledCorpus.Named(set, TopicCatalogue.Empty);
        var figures = Evaluate(corpus);
        Print(figures);

        Assert.True(figures.Ndcg >= 0.76, $"nDCG@5 {figures.Ndcg:0.000} < 0.76");
        Assert.True(figures.Latest >= 0.61, $"latest@1 {figures.Latest:0.000} < 0.61");
        Assert.Equal(1.0, figures.NoAnswer);
    }

    /// <summary>
    /// Whole questions on things two seen archives never covered, most sharing names or words with stories that are there
    /// ("has Moonshot raised new money?" beside stories on Moonshot's Kimi; "is Samsung selling HBM to Nvidia now?" beside
    /// stories on Nvidia selling chips): tests/corpora/unanswerable.json, written for "nothing on that". First measured
    /// 2026-12-05 before any change made for it: 20 of 24 got no stories by words and meaning, with or without the
    /// catalogue (24 of 24 by words alone); each wrong answer was a story found by meaning naming part of the question in
    /// passing. Every one must get nothing.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Questions_the_archive_has_nothing_on_get_nothing(bool withCatalogue)
    {
        using var file = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Path("tests", "corpora", "unanswerable.json")));
        var questions = file.RootElement.EnumerateArray().Select(q => (Set: q.GetProperty("set").GetString()!, Query: q.GetProperty("query").GetString()!));
        var answered = new List<string>();
        foreach (var set in questions.GroupBy(q => q.Set))
        {
            using var corpus = LabelledCorpus.Named(set.Key, withCatalogue ? null : TopicCatalogue.Empty);
            foreach (var (_, query) in set)
                if (corpus.Index.Search(query, Cutoff, corpus.AsOf) is { Count: > 0 } hits)
                    answered.Add($"{set.Key} \"{query}\": {string.Join(", ", hits.Select(h => corpus.KeyOf[h.StoryId]))}");
        }
        Assert.True(answered.Count == 0, string.Join("\n", answered));
    }

    private void Print(Figures figures) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"nDCG@5 {figures.Ndcg:0.000} over {figures.NdcgQueries} queries; latest@1 {figures.Latest:0.000} over {figures.LatestQueries}; no-answer {figures.NoAnswer:0.000} over {figures.NoAnswerQueries}"));

    private void AssertFloors(Figures figures, double latestFloor = 0.90)
    {
        Print(figures);

        Assert.True(figures.Ndcg >= 0.90, $"nDCG@5 {figures.Ndcg:0.000} < 0.90");
        Assert.True(figures.Latest >= latestFloor, $"latest@1 {figures.Latest:0.000} < {latestFloor}");
        Assert.Equal(1.0, figures.NoAnswer);
    }

    /// <summary>Names the dev briefs mention only in passing, or not at all: an answer would be padding.</summary>
    [Theory]
    [InlineData("xiaomi")]
    [InlineData("apple")]
    [InlineData("tesla")]
    [InlineData("autonomous driving")]
    [InlineData("any news on satellites?")]
    public void Passing_mentions_and_absent_topics_get_no_stories(string question)
    {
        using var corpus = LabelledCorpus.Dev();

        Assert.Empty(corpus.Index.Search(question, Cutoff, corpus.AsOf));
    }

    [Theory]
    [InlineData("nvidea", "brief-2026-05-19.txt#6")]
    [InlineData("huwei chips", "brief-2026-05-19.txt#1")]
    [InlineData("cambrcon", "brief-2026-05-12.txt#2")]
    [InlineData("humanoid robots", "brief-2026-05-19.txt#5")]
    public void Misspelt_and_reworded_topics_find_the_newest_story(string question, string first)
    {
        using var corpus = LabelledCorpus.Dev();

        var hits = corpus.Index.Search(question, Cutoff, corpus.AsOf);

        Assert.Equal(first, corpus.KeyOf[hits[0].StoryId]);
    }

    /// <summary>
    /// Alerts and answers agree: a topic matches every story its answer holds squarely or prominently by its words, and
    /// nothing its answer does not hold squarely or prominently. Meaning adds a match only where it adds to the answer.
    /// </summary>
    [Theory]
    [MemberData(nameof(LabelledCorpus.SeenSets), MemberType = typeof(LabelledCorpus))]
    public void Topic_matching_agrees_with_answers(string set)
    {
        using var corpus = LabelledCorpus.Named(set);
        var topics = corpus.Queries().Select(q => TopicQuery.Parse(q.Query))
            .Where(q => q.Intent == QueryIntent.Topic && q.Period == RelativePeriod.None)
            .Select(q => q.Topic)
            .ToList();

        var matched = corpus.Index.Match(topics, corpus.KeyOf.Keys).ToLookup(m => m.Topic, m => m.StoryId);

        foreach (var topic in topics)
        {
            var answer = corpus.Index.Explain(topic);
            var prominent = answer.Where(r => r.Squarely || r.Focus > 0.5).Select(r => r.Story.Id).ToHashSet();
            var byWords = answer.Where(r => !r.ByMeaning && (r.Squarely || r.Focus > 0.5)).Select(r => r.Story.Id);
            Assert.True(prominent.IsSupersetOf(matched[topic]), $"{topic}: matched {Keys(matched[topic])}, answer {Keys(prominent)}");
            Assert.True(matched[topic].ToHashSet().IsSupersetOf(byWords), $"{topic}: matched {Keys(matched[topic])}, words {Keys(byWords)}");
        }
        if (set == "dev")
        {
            Assert.Contains(corpus.Stories["brief-2026-05-11.txt#1"].Id, matched["kimi"]);
            Assert.DoesNotContain(corpus.Stories["brief-2026-05-13.txt#3"].Id, matched["kimi"]);
        }

        string Keys(IEnumerable<long> ids) => string.Join(", ", ids.Select(id => corpus.KeyOf[id]));
    }

    /// <param name="printQueries">False for sets kept unseen: only their totals are printed.</param>
    private Figures Evaluate(LabelledCorpus corpus, bool printQueries = true)
    {
        double ndcgSum = 0, latestHits = 0, noAnswerHits = 0;
        int ndcgCount = 0, latestCount = 0, noAnswerCount = 0;
        foreach (var query in corpus.Queries())
        {
            var answer = corpus.Index.Search(query.Query, Cutoff, corpus.AsOf).Select(h => corpus.KeyOf[h.StoryId]).ToList();
            var line = $"{query.Id} \"{query.Query}\":";
            if (query.Grades.Count == 0)
            {
                noAnswerCount++;
                if (answer.Count == 0) noAnswerHits++;
                line += answer.Count == 0 ? " none (ok)" : $" WRONG, answered {string.Join(", ", answer)}";
            }
            else
            {
                var ndcg = Ndcg(answer, query.Grades);
                ndcgSum += ndcg;
                ndcgCount++;
                line += string.Create(CultureInfo.InvariantCulture, $" nDCG {ndcg:0.00}");
                if (query.Latest is not null)
                {
                    latestCount++;
                    var first = answer.Count > 0 && answer[0] == query.Latest;
                    if (first) latestHits++;
                    line += first ? " latest ok" : $" LATEST MISSED (want {query.Latest})";
                }
                line += " | " + string.Join(", ", answer.Select(a => $"{a}={query.Grades.GetValueOrDefault(a)}"));
            }
            if (printQueries) output.WriteLine(line);
        }
        return new Figures(
            ndcgCount == 0 ? 1 : ndcgSum / ndcgCount, ndcgCount,
            latestCount == 0 ? 1 : latestHits / latestCount, latestCount,
            noAnswerCount == 0 ? 1 : noAnswerHits / noAnswerCount, noAnswerCount);
    }

    /// <summary>nDCG with the grade as gain and log2(rank + 1) discount, against the ideal order of all labelled stories.</summary>
    internal static double Ndcg(IReadOnlyList<string> answer, IReadOnlyDictionary<string, int> grades)
    {
        static double Dcg(IEnumerable<int> gains) => gains.Take(Cutoff).Select((g, i) => g / Math.Log2(i + 2)).Sum();
        var ideal = Dcg(grades.Values.OrderDescending());
        return ideal == 0 ? 0 : Dcg(answer.Select(a => grades.GetValueOrDefault(a))) / ideal;
    }

    private sealed record Figures(double Ndcg, int NdcgQueries, double Latest, int LatestQueries, double NoAnswer, int NoAnswerQueries);
}
