using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace Briefly.Core.Search;

/// <summary>
/// Related stories: where the verdicts fill fewer places than a page, the stories that are among the first both by the
/// question's words (BM25 over the whole story) and by its meaning follow them, by the two rankings fused. A story near
/// the question on both counts is worth reading beside the answer even when neither its headline nor its lead is on the
/// topic. They only ever follow an answer: a question the verdicts find nothing on still gets nothing.
/// </summary>
public sealed partial class StoryIndex
{
    /// <summary>
    /// How far down each ranking a related story may sit: a page and a half of places, so only stories both rankings put
    /// near the top qualify, however large the archive.
    /// </summary>
    private const int RelatedDepth = 10;

    private static readonly BM25Similarity WordsRanking = new();

    /// <summary>The related stories not already in <paramref name="answer"/>, closest first.</summary>
    private List<RankedStory> Related(string topic, float[] question, List<RankedStory> answer)
    {
        var words = _analyzer.Terms(AllTextField, topic).Where(word => !_questionWords.Contains(word)).Distinct().ToList();
        if (words.Count == 0) return [];
        var query = new BooleanQuery();
        foreach (var word in words) query.Add(new TermQuery(new Term(AllTextField, word)), Occur.SHOULD);
        var searcher = Searcher();
        searcher.Similarity = WordsRanking;
        var ids = MultiDocValues.GetNumericValues(searcher.IndexReader, IdValues);
        var byWords = searcher.Search(query, RelatedDepth).ScoreDocs.Select(hit => ids.Get(hit.Doc)).ToList();
        var byMeaning = _vectors.Nearest(question, RelatedDepth);
        var meaningPlace = new Dictionary<long, int>();
        for (var i = 0; i < byMeaning.Count && byMeaning[i].Similarity >= MeaningFloor; i++) meaningPlace[byMeaning[i].Id] = i;

        var shown = answer.Select(r => r.Indexed.Id).ToHashSet();
        return byWords
            .Select((id, place) => (Id: id, Fused: meaningPlace.TryGetValue(id, out var near)
                ? 1.0 / (FusionConstant + place + 1) + 1.0 / (FusionConstant + near + 1)
                : 0))
            .Where(candidate => candidate.Fused > 0 && !shown.Contains(candidate.Id) && _stories.ContainsKey(candidate.Id))
            .OrderByDescending(candidate => candidate.Fused)
            .Select(candidate => new RankedStory(_stories[candidate.Id], (float)candidate.Fused, false, 0)
            {
                Meaning = byMeaning[meaningPlace[candidate.Id]].Similarity,
                Related = true,
            })
            .ToList();
    }
}
