namespace Briefly.Core.Search;

/// <summary>
/// Finds the catalogue groups a story names, so the index can tag the story with them. A question about a
/// group then finds its candidates with one term, instead of a disjunction of phrases over common words
/// ("export control", "chip security act", "initial public offering"), which is where most of a question's
/// time went. A story gets a group's tag when it holds every unit of one of the group's names, the test
/// judging applies (<see cref="Concept.Matches"/>), so the tag finds the stories judging can accept.
/// </summary>
internal sealed class ConceptTagger
{
    private readonly List<(int Group, int[][] Units)> _names = [];

    /// <summary>The names each word can start, by word id: a story is only checked against names whose first word it has.</summary>
    private readonly Dictionary<int, List<int>> _namesByFirstWord = [];

    /// <param name="terms">The index's word table; the catalogue's words are added to it, so a name's words have ids before any story has them.</param>
    public ConceptTagger(CatalogueTerms catalogue, TermTable terms)
    {
        for (var group = 0; group < catalogue.Count; group++)
        {
            var concept = catalogue.Concept(group);
            // Background words never make a story relevant, so no question looks them up.
            if (concept.Background) continue;
            foreach (var alternative in concept.Alternatives)
            {
                var units = alternative.Units.Select(unit => unit.Select(terms.Intern).ToArray()).ToArray();
                var first = units[0][0];
                if (!_namesByFirstWord.TryGetValue(first, out var starting)) _namesByFirstWord[first] = starting = [];
                starting.Add(_names.Count);
                _names.Add((group, units));
            }
        }
    }

    /// <summary>The groups the story names, each once.</summary>
    public List<int> GroupsOf(IndexedStory story)
    {
        var groups = new List<int>();
        HashSet<int>? tried = null;
        foreach (var word in story.Words())
        {
            if (!_namesByFirstWord.TryGetValue(word, out var starting)) continue;
            foreach (var name in starting)
            {
                var (group, units) = _names[name];
                if (groups.Contains(group) || !(tried ??= []).Add(name)) continue;
                if (units.All(story.Contains)) groups.Add(group);
            }
        }
        return groups;
    }
}
