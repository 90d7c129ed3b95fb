namespace Briefly.Core.Search;

/// <summary>Analysed words as small integers, so each story's own copy of its text stays compact.</summary>
internal sealed class TermTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    /// <summary>
    /// One flat array per field, a word id per token; a word stacked on the previous token's
    /// position (a product family under its versioned name) is stored complemented (~id), which
    /// keeps a story's copy at four bytes a token.
    /// </summary>
    public int[] Intern(List<string[]> positions)
    {
        var flat = new List<int>(positions.Count);
        foreach (var words in positions)
            for (var i = 0; i < words.Length; i++)
                flat.Add(i == 0 ? Intern(words[i]) : ~Intern(words[i]));
        return [.. flat];
    }

    /// <summary>The id of a word, given a new one if the word is new.</summary>
    public int Intern(string word)
    {
        if (!_ids.TryGetValue(word, out var id)) _ids[word] = id = _ids.Count;
        return id;
    }

    public bool TryGet(string word, out int id) => _ids.TryGetValue(word, out id);

    /// <summary>How many words have ids (ids run from 0 to Count - 1).</summary>
    public int Count => _ids.Count;
}

/// <summary>A story with its fields analysed into word ids (see <see cref="TermTable.Intern(List{string[]})"/>).</summary>
/// <param name="circumstantialTail">
/// Whether the headline's trailing adjunct tells a circumstance ("… as price cuts spread", "… after smuggling probe")
/// rather than a purpose, means or participant ("… for Doubao inference", "… with domestic HBM").
/// </param>
internal sealed class IndexedStory(SearchableStory story, int[][] fields, bool circumstantialTail = false)
{
    public bool CircumstantialTail { get; } = circumstantialTail;

    public long Id { get; } = story.Id;

    public DateOnly BriefDate { get; } = story.BriefDate;

    public int Position { get; } = story.Position;

    private readonly long _briefId = story.BriefId;
    private readonly string _source = story.Source;
    private readonly DateOnly _date = story.Date;

    /// <summary>
    /// The story's text as UTF-8, title, summary and why-it-matters one after another: judging never reads it,
    /// and it is half the size of the strings (most of the index's memory at scale).
    /// </summary>
    private readonly byte[] _text = System.Text.Encoding.UTF8.GetBytes(story.Title + story.Summary + story.WhyItMatters);
    private readonly int _titleBytes = System.Text.Encoding.UTF8.GetByteCount(story.Title);
    private readonly int _summaryBytes = System.Text.Encoding.UTF8.GetByteCount(story.Summary);

    /// <summary>The story as it was given (rebuilt from the compact copy: for answers' ids and diagnosis, not judging).</summary>
    public SearchableStory Story
    {
        get
        {
            var utf8 = System.Text.Encoding.UTF8;
            return new SearchableStory(Id, _briefId, BriefDate, Position,
                utf8.GetString(_text, 0, _titleBytes), _source, _date,
                utf8.GetString(_text, _titleBytes, _summaryBytes),
                utf8.GetString(_text, _titleBytes + _summaryBytes, _text.Length - _titleBytes - _summaryBytes));
        }
    }

    public static readonly StoryField[] AllFields = Enum.GetValues<StoryField>();

    /// <summary>Every word id of the story.</summary>
    public HashSet<int> Vocabulary() => [.. Words()];

    /// <summary>The id of every token, stacked ones included, in order (repeats included).</summary>
    public IEnumerable<int> Words()
    {
        foreach (var field in fields)
            foreach (var token in field) yield return token >= 0 ? token : ~token;
    }

    /// <summary>
    /// Whether a word sequence occurs in one field of the story, in order at consecutive positions (a stacked word
    /// counts at its place): the same test as <see cref="StoryProfile.Contains"/>, without building a profile.
    /// </summary>
    public bool Contains(int[] unit)
    {
        foreach (var field in fields)
        {
            var position = -1;
            for (var i = 0; i < field.Length; i++)
            {
                var token = field[i];
                if (token >= 0) position++;
                if ((token >= 0 ? token : ~token) == unit[0] && Follows(field, i, position, unit)) return true;
            }
        }
        return false;
    }

    /// <summary>Whether the unit's other words sit at the positions after <paramref name="start"/>, token <paramref name="at"/> being its first word.</summary>
    private static bool Follows(int[] field, int at, int start, int[] unit)
    {
        var position = start;
        var next = 1;
        for (var i = at + 1; i < field.Length && next < unit.Length; i++)
        {
            var token = field[i];
            if (token >= 0) position++;
            if (position > start + next) return false;
            if (position == start + next && (token >= 0 ? token : ~token) == unit[next]) next++;
        }
        return next == unit.Length;
    }

    /// <summary>Where every word sits in this story, to judge it against many topics.</summary>
    public StoryProfile Profile()
    {
        var profile = new StoryProfile();
        Profile(null, profile);
        return profile;
    }

    /// <summary>
    /// Where the question's words sit in this story, into a profile reused across candidates (cleared first), so judging
    /// allocates nothing per story. The words are flags by word id (an array read per token, not a hash lookup); null is every word.
    /// </summary>
    public void Profile(bool[]? wanted, StoryProfile profile)
    {
        profile.Clear();
        for (var f = 0; f < fields.Length; f++)
        {
            var position = -1;
            foreach (var token in fields[f])
            {
                var id = token >= 0 ? token : ~token;
                if (token >= 0) position++;
                if (wanted is null || ((uint)id < (uint)wanted.Length && wanted[id])) profile.Add((StoryField)f, id, position);
            }
        }
    }
}

/// <summary>The positions of a question's words in one story, by field.</summary>
internal sealed class StoryProfile
{
    private readonly Dictionary<(StoryField Field, int Id), List<int>> _positions = [];

    /// <summary>The fields each word occurs in, as bits: judging asks mostly about absent words and fields, answered here without a position lookup.</summary>
    private readonly Dictionary<int, int> _fieldsOf = [];

    /// <summary>Position lists of earlier stories, kept for the next one.</summary>
    private readonly Stack<List<int>> _spare = new();

    /// <summary>Empties the profile for another story, keeping its storage.</summary>
    public void Clear()
    {
        if (_positions.Count == 0) return;
        foreach (var list in _positions.Values)
        {
            list.Clear();
            _spare.Push(list);
        }
        _positions.Clear();
        _fieldsOf.Clear();
    }

    public void Add(StoryField field, int id, int position)
    {
        if (!_positions.TryGetValue((field, id), out var list)) _positions[(field, id)] = list = _spare.Count > 0 ? _spare.Pop() : [];
        list.Add(position);
        _fieldsOf[id] = _fieldsOf.GetValueOrDefault(id) | 1 << (int)field;
    }

    /// <summary>The fields holding every word of a unit (necessary for the unit to occur there, not sufficient for a phrase).</summary>
    public int Fields(int[] unit)
    {
        var mask = -1;
        foreach (var id in unit)
            if ((mask &= _fieldsOf.GetValueOrDefault(id)) == 0) return 0;
        return mask;
    }

    /// <summary>How many times a word sequence occurs in a field.</summary>
    public int Occurrences(StoryField field, int[] unit)
    {
        if ((_fieldsOf.GetValueOrDefault(unit[0]) & 1 << (int)field) == 0) return 0;
        if (!_positions.TryGetValue((field, unit[0]), out var starts)) return 0;
        if (unit.Length == 1) return starts.Count;
        var count = 0;
        foreach (var start in starts)
        {
            var all = true;
            for (var k = 1; k < unit.Length && all; k++)
                all = _positions.TryGetValue((field, unit[k]), out var next) && next.Contains(start + k);
            if (all) count++;
        }
        return count;
    }

    public bool Contains(int[] unit)
    {
        var mask = Fields(unit);
        if (mask == 0) return false;
        if (unit.Length == 1) return true;
        foreach (var field in IndexedStory.AllFields)
            if ((mask & 1 << (int)field) != 0 && Occurrences(field, unit) > 0) return true;
        return false;
    }
}

/// <summary>
/// One way of naming a concept: every unit (a word or a phrase) must be in the story, anywhere
/// ("huawei &amp; chip" is two units; "high bandwidth memory" is one).
/// </summary>
internal sealed record Alternative(List<string[]> Units);

/// <summary>One concept of a question's topic: the ways it can be named, and what an ambiguous name needs beside it.</summary>
/// <param name="group">The catalogue group it comes from, or -1 for a word of the question that no group names.</param>
/// <param name="broad">A category of the beat (see <see cref="TopicGroup.Broad"/>): not required beside themes of the catalogue.</param>
internal sealed class Concept(List<Alternative> alternatives, List<Alternative> context, bool background, int group = -1, bool broad = false)
{
    private List<int[][]> _resolved = [];
    private List<int[][]> _resolvedContext = [];

    public List<Alternative> Alternatives { get; } = alternatives;

    public List<Alternative> Context { get; } = context;

    public bool Background { get; } = background;

    public bool Broad { get; } = broad;

    /// <summary>The catalogue group it comes from (-1 for none): the index tags each story with the groups it names.</summary>
    public int Group { get; } = group;

    /// <summary>IDF-like weight from how many stories hold the concept: rare concepts decide relevance.</summary>
    public double Weight { get; set; }

    public bool Required { get; set; }

    /// <summary>
    /// A word of the question that no story holds, even after spelling correction: not required, so the rest of the
    /// question still finds stories, which must then be close in meaning to the whole question (see StoryIndex.Concepts).
    /// </summary>
    public bool Absent { get; set; }

    /// <summary>The estimated number of stories naming the concept (see StoryIndex.EstimatedFrequency), kept so one question works it out once.</summary>
    public int Frequency { get; set; }

    /// <summary>At most how many stories the concept's part of the candidate query matches.</summary>
    public int Candidates { get; set; }

    /// <summary>Turns the words into the index's word ids; a name with a word no story has can never match and is dropped.</summary>
    public void Resolve(TermTable terms, HashSet<int> wanted)
    {
        _resolved = ResolveAll(Alternatives, terms, wanted);
        _resolvedContext = ResolveAll(Context, terms, wanted);
    }

    private static List<int[][]> ResolveAll(List<Alternative> alternatives, TermTable terms, HashSet<int> wanted)
    {
        var all = new List<int[][]>();
        foreach (var alternative in alternatives)
        {
            var units = new int[alternative.Units.Count][];
            var known = true;
            for (var u = 0; u < units.Length && known; u++)
            {
                var words = alternative.Units[u];
                units[u] = new int[words.Length];
                for (var w = 0; w < words.Length && known; w++) known = terms.TryGet(words[w], out units[u][w]);
            }
            if (!known) continue;
            foreach (var unit in units) wanted.UnionWith(unit);
            all.Add(units);
        }
        return all;
    }

    public bool Matches(StoryProfile story) => AnyNamed(_resolved, story);

    /// <summary>Whether the story has every word of some name of the concept (necessary, not sufficient: phrases are not checked).</summary>
    public bool CouldMatch(HashSet<int> vocabulary)
    {
        foreach (var units in _resolved)
        {
            var all = true;
            foreach (var unit in units)
            {
                foreach (var id in unit)
                    if (!vocabulary.Contains(id)) { all = false; break; }
                if (!all) break;
            }
            if (all) return true;
        }
        return false;
    }

    /// <summary>Whether an ambiguous name has its context in the story (always, for names that need none).</summary>
    public bool InContext(StoryProfile story) => Context.Count == 0 || AnyNamed(_resolvedContext, story);

    /// <summary>Whether the story holds every unit of some alternative (loops rather than LINQ: called for every candidate).</summary>
    private static bool AnyNamed(List<int[][]> alternatives, StoryProfile story)
    {
        foreach (var units in alternatives)
        {
            var all = true;
            foreach (var unit in units)
                if (!story.Contains(unit)) { all = false; break; }
            if (all) return true;
        }
        return false;
    }

    /// <summary>
    /// How much the story is about this concept, from where it is named: 1 in the headline's main
    /// clause, less in the lead sentence or the body. A headline's trailing adjunct ("… for Doubao
    /// inference", "… channel for reporting distillation") is ambiguous: it is the subject when the
    /// story restates it where it states its subject, the lead's main clause or the why-it-matters line; a circumstance
    /// ("… as price cuts spread") also when the lead comes back to it, a purpose or participant ("… for Doubao inference")
    /// not, since the lead names those too while it is about something else.
    /// A lead-sentence mention counts fully only when the story names the concept again outside its
    /// title: a passing word in the lead is not the subject. The why-it-matters line weighs more than
    /// the body because it says what the story is about, not what it mentions.
    /// </summary>
    public double Salience(StoryProfile story, bool circumstantialTail)
    {
        var best = 0.0;
        foreach (var units in _resolved)
        {
            var weakest = double.MaxValue;
            foreach (var unit in units)
            {
                var strongest = 0.0;
                var present = story.Fields(unit);
                foreach (var field in IndexedStory.AllFields)
                {
                    if ((present & 1 << (int)field) == 0 || story.Occurrences(field, unit) == 0) continue;
                    var weight = field switch
                    {
                        StoryField.TitleHead => 1.0,
                        StoryField.LeadHead => OutsideTitle(story, unit) >= 2 ? 0.8 : 0.5,
                        StoryField.TitleTail => story.Occurrences(StoryField.Why, unit) + story.Occurrences(StoryField.LeadHead, unit) > 0 ? 0.9
                            : circumstantialTail && story.Occurrences(StoryField.LeadTail, unit) > 0 ? 0.75 : 0.5,
                        StoryField.LeadTail or StoryField.Why => 0.4,
                        _ => 0.1,
                    };
                    strongest = Math.Max(strongest, weight);
                }
                weakest = Math.Min(weakest, strongest);
            }
            best = Math.Max(best, weakest);
        }
        return best;
    }

    private static int OutsideTitle(StoryProfile story, int[] unit) =>
        story.Occurrences(StoryField.LeadHead, unit) + story.Occurrences(StoryField.LeadTail, unit)
        + story.Occurrences(StoryField.Body, unit) + story.Occurrences(StoryField.Why, unit);
}

/// <summary>The alias catalogue analysed with the index's analyser, ready to match a topic's words.</summary>
internal sealed class CatalogueTerms
{
    private readonly List<(List<Alternative> Names, List<Alternative> Narrower, List<Alternative> Context, bool Background, bool Broad)> _groups = [];
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public CatalogueTerms(TopicCatalogue catalogue, StoryAnalyzer analyzer)
    {
        List<Alternative> Analyse(IEnumerable<string> texts) =>
            texts.Select(text => new Alternative(text.Split('&')
                    .Select(part => analyzer.Positions("title", part).Select(p => p[0]).ToArray())
                    .Where(unit => unit.Length > 0)
                    .ToList()))
                .Where(a => a.Units.Count > 0)
                .ToList();

        foreach (var group in catalogue.Groups)
            _groups.Add((Analyse(group.Terms), Analyse(group.Narrower), Analyse(group.Context), false, group.Broad));
        foreach (var word in catalogue.Background)
            _groups.Add((Analyse([word]), [], [], true, false));
        foreach (var unit in _groups.SelectMany(g => g.Names.Concat(g.Narrower)).SelectMany(a => a.Units).SelectMany(u => u))
            _known.Add(unit);
    }

    /// <summary>Whether a word is in the catalogue, and so must not be "corrected" to an indexed word.</summary>
    public bool Known(string word) => _known.Contains(word);

    /// <summary>The group whose name (a word or phrase, no "&amp;") matches the most words from <paramref name="start"/>; -1 if none.</summary>
    public (int Group, int Length) LongestMatch(List<string> words, int start)
    {
        var (bestGroup, bestLength) = (-1, 0);
        for (var g = 0; g < _groups.Count; g++)
        {
            foreach (var name in _groups[g].Names)
            {
                if (name.Units.Count != 1) continue;
                var unit = name.Units[0];
                if (unit.Length <= bestLength || start + unit.Length > words.Count) continue;
                var matches = true;
                for (var k = 0; k < unit.Length && matches; k++) matches = words[start + k] == unit[k];
                if (matches) (bestGroup, bestLength) = (g, unit.Length);
            }
        }
        return (bestGroup, bestLength);
    }

    /// <summary>A fresh concept for a group: its names and narrower cases, with its context.</summary>
    public Concept Concept(int group)
    {
        var g = _groups[group];
        return new Concept([.. g.Names, .. g.Narrower], g.Context, g.Background, group, g.Broad);
    }

    /// <summary>How many groups there are (ids run from 0 to Count - 1).</summary>
    public int Count => _groups.Count;
}
