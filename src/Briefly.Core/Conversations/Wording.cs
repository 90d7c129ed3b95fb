namespace Briefly.Core.Conversations;

/// <summary>
/// How a set of stories writes a word or phrase: in how many stories it occurs, and whether writers capitalise it
/// where nothing else would (mid-sentence). Measured on the stories themselves, so it holds on any beat: a name is
/// capitalised wherever it is written ("Huawei", "Entity List"); a common word is not ("model", "sales").
/// </summary>
internal sealed class Wording
{
    private readonly List<Token[]> _stories = [];
    private readonly Dictionary<string, List<(int Story, int At)>> _where = new(StringComparer.Ordinal);

    public Wording(IEnumerable<string> stories)
    {
        foreach (var text in stories)
        {
            var tokens = Tokens(text).ToArray();
            for (var i = 0; i < tokens.Length; i++)
            {
                if (!_where.TryGetValue(tokens[i].Lower, out var places)) _where[tokens[i].Lower] = places = [];
                places.Add((_stories.Count, i));
            }
            _stories.Add(tokens);
        }
    }

    public int StoryCount => _stories.Count;

    /// <summary>The phrase's use, its words matched whatever their case.</summary>
    public Usage Of(string phrase)
    {
        var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant()).ToArray();
        if (words.Length == 0 || !_where.TryGetValue(words[0], out var starts)) return new Usage(0, 0, 0, false, phrase);

        var stories = new HashSet<int>();
        int midSentence = 0, capitalised = 0;
        var shaped = true;
        var forms = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (story, at) in starts)
        {
            var tokens = _stories[story];
            if (at + words.Length > tokens.Length || !words.Select((w, k) => tokens[at + k].Lower == w).All(same => same)) continue;
            stories.Add(story);
            // "DeepSeek", "CXMT": a capital inside a word marks a name wherever it stands, a sentence's start included.
            shaped &= Enumerable.Range(at, words.Length).All(k => tokens[k].Written.Skip(1).Any(char.IsUpper));
            // Only the first word can open a sentence; what follows it inside the phrase is written as the writer chose.
            if (tokens[at].SentenceStart) continue;
            midSentence++;
            var written = tokens.Skip(at).Take(words.Length).Select(t => t.Written).ToArray();
            if (written.All(w => char.IsUpper(w[0]))) capitalised++;
            var form = string.Join(' ', written);
            forms[form] = forms.GetValueOrDefault(form) + 1;
        }
        var usual = forms.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key).FirstOrDefault()
            // Never written as one phrase mid-sentence ("huawei chip" beside "Huawei chips"): each word as it is usually written.
            ?? (words.Length > 1 ? string.Join(' ', words.Select(w => Of(w).Usual)) : phrase);
        return new Usage(stories.Count, midSentence, capitalised, stories.Count > 0 && shaped, usual);
    }

    /// <param name="Stories">Stories that use the phrase at all.</param>
    /// <param name="MidSentence">Uses where the phrase does not open a sentence (or a headline), so its case is the writer's choice.</param>
    /// <param name="Capitalised">Of those, uses with every word capitalised.</param>
    /// <param name="Shaped">Every use has a capital inside each word ("DeepSeek", "CXMT"), which no common word has.</param>
    /// <param name="Usual">The phrase as the stories most often write it mid-sentence ("AI agent", "Moore Threads").</param>
    public readonly record struct Usage(int Stories, int MidSentence, int Capitalised, bool Shaped, string Usual)
    {
        /// <summary>Written as a name: shaped like one, or capitalised in at least three of every four uses where its case was a choice.</summary>
        public bool IsName => Shaped || MidSentence > 0 && Capitalised * 4 >= MidSentence * 3;
    }

    private readonly record struct Token(string Written, string Lower, bool SentenceStart);

    private static readonly char[] Edges = ['"', '\'', '“', '”', '‘', '’', '(', ')', '[', ']', ',', ';', '*', '_', '#'];

    /// <summary>The words of a story; each line (a headline, a summary) opens a sentence.</summary>
    private static IEnumerable<Token> Tokens(string text) => text.Split('\n').SelectMany(LineTokens);

    private static IEnumerable<Token> LineTokens(string line)
    {
        var sentenceStart = true;
        foreach (var raw in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var word = raw.Trim(Edges);
            var ends = word.Length > 0 && word[^1] is '.' or '!' or '?' or ':';
            word = word.TrimEnd('.', '!', '?', ':');
            if (word.EndsWith("’s", StringComparison.Ordinal) || word.EndsWith("'s", StringComparison.Ordinal)) word = word[..^2];
            if (word.Length > 0 && char.IsLetterOrDigit(word[0]))
            {
                yield return new Token(word, word.ToLowerInvariant(), sentenceStart);
                sentenceStart = false;
            }
            // A dash or bullet between clauses starts nothing new; the end of a sentence, a colon or a line break does.
            if (ends) sentenceStart = true;
        }
    }
}
