using System.Globalization;
using Briefly.Core.Search;
using Xunit.Abstractions;

namespace Briefly.Core.Tests.Search;

/// <summary>Prints the engine's verdict on every candidate of every labelled question, next to its label: the view used to judge a change to the method.</summary>
public sealed class RankingDiagnostics(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(LabelledCorpus.SeenSets), MemberType = typeof(LabelledCorpus))]
    public void Print_verdicts(string set)
    {
        using var corpus = LabelledCorpus.Named(set);
        foreach (var query in corpus.Queries())
        {
            var parsed = TopicQuery.Parse(query.Query);
            output.WriteLine($"{query.Id} \"{query.Query}\" -> {parsed.Intent} \"{parsed.Topic}\" {parsed.Period}");
            if (parsed.Intent != QueryIntent.Topic) continue;
            var seen = new HashSet<string>();
            foreach (var r in corpus.Index.Explain(parsed.Topic))
            {
                var key = corpus.KeyOf[r.Story.Id];
                seen.Add(key);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"   g{query.Grades.GetValueOrDefault(key)} {(r.Squarely ? "SQ" : "  ")} focus {r.Focus:0.00} s{r.Score:0.0} {key} {r.Story.Title}"));
            }
            foreach (var missed in query.Grades.Keys.Where(k => !seen.Contains(k)))
                output.WriteLine($"   g{query.Grades[missed]} MISSING {missed} {corpus.Stories[missed].Title}");
        }
    }
}
