namespace Briefly.Core.Search;

/// <summary>
/// Fusion of words and meaning: the stories the words find keep their verdicts; the stories nearest in meaning to the
/// question join them when they also name something the question names; squarely relevant stories go first, newest
/// first, and the rest by both rankings fused.
/// </summary>
public sealed partial class StoryIndex
{
    /// <summary>How many of the stories nearest in meaning are considered: far more than a page, few enough to judge each.</summary>
    private const int MeaningCandidates = 50;

    /// <summary>
    /// The cosine similarity a story needs with the question for its meaning to count at all. Measured on this model
    /// (all-MiniLM-L6-v2) over the labelled sets: stories squarely on a question sit at a median of 0.45, unrelated ones
    /// below 0.26 nine times in ten, and the closest story to a question the archive cannot answer reached 0.42.
    /// </summary>
    private const float MeaningFloor = 0.40f;

    /// <summary>A story found by meaning alone is kept only this close to the nearest story: the rest is the next topic over.</summary>
    private const float MeaningNear = 0.10f;

    /// <summary>
    /// With none of the question's words in it, or when a word of the question is in no story at all, a story must be this
    /// close in meaning to answer: above every unanswerable question's nearest story measured on the labelled sets (0.42).
    /// </summary>
    private const float StrongMeaning = 0.55f;

    /// <summary>How prominently a story found by meaning must name what was asked to be squarely on it: at least in its lead or why-it-matters line.</summary>
    private const double PromotableFocus = 0.4;

    /// <summary>Reciprocal rank fusion's constant: the usual 60, so neither ranking's first places dominate.</summary>
    private const int FusionConstant = 60;

    /// <summary>
    /// Every story relevant to the topic by its words or its meaning, in answer order. <paramref name="question"/> is the
    /// question's vector (unit length) from the model the stored vectors come from.
    /// </summary>
    private List<RankedStory> RankByWordsAndMeaning(string topic, float[] question, int enough, int olderThanDay)
    {
        var (judged, parts) = JudgeTopic(topic, enough, olderThanDay, meaningConfirms: true);
        // A word no story holds was set aside ("is Nvidia allowed to …", "RISC-V chips", "Huawei smartphones"). It may be
        // the topic itself (a name the archive has never seen) or only a way of putting it: a story the rest of the
        // question finds answers only if it is very close in meaning to the whole question ("smartphones": a story on
        // phones), so a name nobody wrote about gets no answer rather than stories on the question's commoner words.
        var setAside = parts.SelectMany(part => part).Any(c => c.Absent);
        var named = parts.SelectMany(part => part).Where(c => c.Required).ToList();
        bool Carries(float? meaning) => !setAside || meaning >= StrongMeaning;

        var anySquarely = judged.Any(r => r.Squarely);
        var verdicts = new Dictionary<long, RankedStory>();
        foreach (var ranked in judged)
        {
            var meaning = _vectors.Similarity(ranked.Indexed.Id, question);
            if (!Carries(meaning)) continue;
            // As by words alone, with no story squarely on the topic a passing mention answers nothing, unless the story is
            // close in meaning to the question.
            if (!anySquarely && ranked.Focus <= ProminentFocus && !(meaning >= MeaningFloor)) continue;
            verdicts[ranked.Indexed.Id] = ranked with { Meaning = meaning };
        }

        var nearest = _vectors.Nearest(question, MeaningCandidates);
        var top = nearest.Count > 0 ? nearest[0].Similarity : 0f;
        var judgedIds = judged.Select(r => r.Indexed.Id).ToHashSet();
        foreach (var (id, similarity) in nearest)
        {
            if (similarity < MeaningFloor || similarity < top - MeaningNear) break;
            // The words judged this story and left it out (a passing mention, far in meaning): meaning does not overrule that.
            if (judgedIds.Contains(id) || !_stories.TryGetValue(id, out var story) || !Carries(similarity)) continue;
            var (namesAny, focus) = Naming(story, story.Profile(), named);
            // Close in meaning but naming nothing the question names is the next topic over, unless very close.
            if (!namesAny && (named.Count > 0 || similarity < StrongMeaning)) continue;
            verdicts[id] = new RankedStory(story, similarity, false, focus) { Meaning = similarity, ByMeaning = true };
        }
        // When the words find no story squarely on the topic (another name for the same thing, a paraphrase), the stories
        // nearest in meaning that name what was asked at least in their lead or why-it-matters line are squarely on it,
        // so they go first, newest first: naming most of it there, or very close in meaning (naming two of four things
        // asked, "is Samsung selling HBM to Nvidia?" → a story on Nvidia selling, is not enough at an ordinary closeness).
        // Where the words do find one, meaning does not overrule them: measured on the labelled sets, promoting beside
        // the words' verdicts put older stories first.
        if (!anySquarely)
            foreach (var (id, ranked) in verdicts.ToList())
                if (ranked.Meaning >= MeaningFloor && ranked.Meaning >= top - MeaningNear && ranked.Focus >= PromotableFocus
                    && (ranked.Focus > ProminentFocus || ranked.Meaning >= StrongMeaning))
                    verdicts[id] = ranked with { Squarely = true };
        // Nothing on that: with no story squarely on the topic, a story found by meaning that names what was asked only in
        // passing is the next topic over ("has Moonshot raised money?" answered with Kimi's new features), as a passing
        // mention is by words; only one very close in meaning to the whole question still answers.
        if (!verdicts.Values.Any(r => r.Squarely))
            foreach (var (id, ranked) in verdicts.ToList())
                if (ranked.ByMeaning && ranked.Focus <= ProminentFocus && !(ranked.Meaning >= StrongMeaning)) verdicts.Remove(id);
        return Fuse([.. verdicts.Values]);
    }

    /// <summary>
    /// For a story found by meaning: whether it names any of the concepts the question names (in their context), and how
    /// prominently, weighted as <see cref="Judge(IndexedStory, StoryProfile, List{Concept})"/> weighs them.
    /// </summary>
    private static (bool NamesAny, double Focus) Naming(IndexedStory story, StoryProfile profile, List<Concept> named)
    {
        double total = 0, subject = 0;
        var namesAny = false;
        foreach (var concept in named)
        {
            total += concept.Weight;
            if (!concept.Matches(profile) || !concept.InContext(profile)) continue;
            namesAny = true;
            subject += concept.Weight * concept.Salience(profile, story.CircumstantialTail);
        }
        return (namesAny, total > 0 ? subject / total : 0);
    }

    /// <summary>
    /// Squarely relevant stories newest first; then the others by reciprocal rank fusion of the words' ranking (how much
    /// the story is about the topic) and the meaning's (how close it is to the question).
    /// </summary>
    private static List<RankedStory> Fuse(List<RankedStory> verdicts)
    {
        var partial = verdicts.Where(r => !r.Squarely).ToList();
        var fused = partial.ToDictionary(r => r.Indexed.Id, _ => 0.0);
        var byWords = partial.Where(r => !r.ByMeaning).OrderByDescending(r => r.Focus).ThenByDescending(r => r.Indexed.BriefDate).ToList();
        for (var i = 0; i < byWords.Count; i++) fused[byWords[i].Indexed.Id] += 1.0 / (FusionConstant + i + 1);
        var byMeaning = partial.Where(r => r.Meaning is not null).OrderByDescending(r => r.Meaning).ToList();
        for (var i = 0; i < byMeaning.Count; i++) fused[byMeaning[i].Indexed.Id] += 1.0 / (FusionConstant + i + 1);

        return verdicts
            .OrderByDescending(r => r.Squarely)
            .ThenByDescending(r => r.Squarely ? r.Indexed.BriefDate.DayNumber : 0)
            .ThenByDescending(r => r.Squarely ? 0 : fused[r.Indexed.Id])
            .ThenByDescending(r => r.Indexed.BriefDate.DayNumber)
            .ThenBy(r => r.Indexed.Position)
            .ToList();
    }
}
