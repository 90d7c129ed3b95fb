using System.Text.RegularExpressions;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Briefly.Core.Search;

/// <summary>Query reading: a topic becomes its parts and concepts, weighted by how rare they are in the index.</summary>
public sealed partial class StoryIndex
{
    /// <summary>
    /// A topic naming several things ("funding and IPOs", "talent, visas") as its parts; one part when it names one
    /// thing, including a name that holds "and" itself ("Bureau of Industry and Security").
    /// </summary>
    internal List<string> TopicParts(string topic)
    {
        var lower = topic.ToLowerInvariant();
        if (_namesWithAnd.Any(name => lower.Contains(name, StringComparison.Ordinal))) return [topic];
        var parts = TopicSeparatorPattern().Split(topic).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        return parts.Count > 1 ? parts : [topic];
    }

    [GeneratedRegex(@"\s+(?:and|&|or|plus)\s+|\s*[,;/]\s*", RegexOptions.IgnoreCase)]
    private static partial Regex TopicSeparatorPattern();

    [GeneratedRegex(@"\b[A-Z]{2,}\b")]
    private static partial Regex CapitalisedPattern();

    /// <summary>
    /// Turns the topic into concepts: catalogue groups matched longest-first (so "huawei chips" is
    /// one concept with its aliases, not "huawei" and "chips"), other words on their own, misspelt
    /// words corrected against the index vocabulary. Background words of the beat and words common to
    /// most stories are not required, so they cannot make a story relevant on their own. The words that frame a
    /// question in chat ("can", "who", "now", "coming") are left out.
    /// </summary>
    /// <param name="meaningConfirms">
    /// Whether the question's meaning can be compared with the stories': then a word no story holds, even after spelling
    /// correction ("is Nvidia <i>allowed</i> to sell …"), is marked <see cref="Concept.Absent"/> instead of required, and the
    /// caller keeps only the stories close in meaning to the whole question. Without it such a word is required and
    /// nothing matches, so a name the archive has never seen gets no answer.
    /// </param>
    private List<Concept> Concepts(string topic, IndexSearcher searcher, bool meaningConfirms = false)
    {
        // A topic is a few words; a pasted paragraph would only build an unanswerable query. A framing word written in
        // capitals is a name ("WHO approvals", "CAN bus") and stays.
        var names = CapitalisedPattern().Matches(topic).Select(m => m.Value.ToLowerInvariant()).ToHashSet();
        var words = _analyzer.Positions("title", topic).Select(p => p[0])
            .Where(word => !_questionWords.Contains(word) || names.Contains(word)).Take(MaxTopicWords).ToList();
        for (var i = 0; i < words.Count; i++)
            if (!_catalogueTerms.Known(words[i]) && DocumentFrequency(searcher, words[i]) == 0)
                words[i] = CorrectOnce(searcher, words[i]) ?? words[i];

        var concepts = new List<Concept>();
        var groupsSeen = new HashSet<int>();
        var at = 0;
        while (at < words.Count)
        {
            var (group, length) = _catalogueTerms.LongestMatch(words, at);
            if (group >= 0)
            {
                if (groupsSeen.Add(group)) concepts.Add(_catalogueTerms.Concept(group));
                at += length;
                continue;
            }
            concepts.Add(new Concept([new Alternative([[words[at]]])], [], false));
            at++;
        }

        var background = concepts.Where(c => c.Background).ToList();
        var distinctive = concepts.Except(background).ToList();
        if (distinctive.Count == 0) return [];

        var n = Math.Max(1, searcher.IndexReader.NumDocs);
        foreach (var concept in distinctive)
        {
            (concept.Frequency, concept.Candidates) = Frequencies(searcher, concept);
            var df = Math.Min(n, concept.Frequency);
            concept.Weight = Math.Log(1 + (double)n / Math.Max(1, df));
            concept.Required = true;
            concept.Absent = meaningConfirms && concept.Group < 0 && concept.Frequency == 0;
            if (concept.Absent) concept.Required = false;
        }
        var present = distinctive.Where(c => !c.Absent).ToList();
        // A word found in most stories says little about any of them; it stays required only when nothing better was
        // asked. Nor does a category of the beat beside a theme ("LLM price cuts", "chip smuggling"): the stories name the
        // theme and leave the category implied. Beside a name ("Alibaba AI chips") the category is what is asked about.
        // A catalogue topic ("US", "export controls") is what the person asked about, however often the beat names it.
        var besideThemes = present.Where(c => !c.Broad).All(c => c.Group >= 0);
        var common = present.Where(c => (c.Broad && besideThemes) || (c.Group < 0 && c.Frequency > CommonShare * n)).ToList();
        if (common.Count < present.Count)
            foreach (var c in common) c.Required = false;
        return distinctive;
    }

    private const double CommonShare = 0.4;

    /// <summary>
    /// The words that frame a chat question rather than name its topic: question words, auxiliaries, pronouns and the
    /// verbs and adverbs people wrap a topic in ("when is X coming out now?"). English, not any beat's: the analyser's
    /// own stop words are the articles and prepositions. "us" is not here: it is the US.
    /// </summary>
    private const string QuestionWordList =
        "who whom whose what whats when where why how which can could would should shall might must do does did done doing " +
        "has have had having been being get gets got getting any anything anyone anybody someone something some " +
        "here now again yet still ever just already really also anymore lately recently currently " +
        "i me my we our you your they them he she him her its " +
        "come comes coming came go goes going gone happen happens happening happened say says said hear heard know " +
        "tell think see look looking please thanks guys";
    private const int MaxTopicWords = 24;

    /// <summary>
    /// A concept's estimated frequency, and how many stories its candidate query can match: for a catalogue group the
    /// stories carrying its tag (removed ones too, until Lucene merges them away), for a word of the question the estimate.
    /// </summary>
    private (int Estimated, int Candidates) Frequencies(IndexSearcher searcher, Concept concept)
    {
        if (concept.Group < 0)
        {
            var estimated = EstimatedFrequency(searcher, concept);
            return (estimated, estimated);
        }
        if (!_groupFrequencies.TryGetValue(concept.Group, out var known))
            _groupFrequencies[concept.Group] = known = (EstimatedFrequency(searcher, concept), searcher.IndexReader.DocFreq(GroupTerm(concept.Group)));
        return known;
    }

    /// <summary>
    /// How many stories name a concept, estimated from term statistics rather than counted (a count
    /// would run the concept's query over the whole index): the sum over its names, a phrase or a
    /// conjunction counted as its rarest word. An over-estimate, which only errs towards calling a
    /// broad concept common.
    /// </summary>
    private static int EstimatedFrequency(IndexSearcher searcher, Concept concept)
    {
        long total = 0;
        foreach (var alternative in concept.Alternatives)
            total += alternative.Units.Min(unit => unit.Min(word => DocumentFrequency(searcher, word)));
        return (int)Math.Min(int.MaxValue, total);
    }

    private static int DocumentFrequency(IndexSearcher searcher, string word) =>
        searcher.IndexReader.DocFreq(new Term(AllTextField, word));
}
