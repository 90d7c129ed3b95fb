using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Briefly.Core.Search;

/// <summary>Spelling: a word the index has never seen is corrected to its nearest indexed word.</summary>
public sealed partial class StoryIndex
{
    private string? CorrectOnce(IndexSearcher searcher, string word)
    {
        if (_corrections.TryGetValue(word, out var known)) return known;
        // Bounded, so a stream of random words cannot grow it without limit between writes.
        if (_corrections.Count >= MaxCorrections) _corrections.Clear();
        return _corrections[word] = Correct(searcher, word);
    }

    private const int MaxCorrections = 10_000;

    /// <summary>
    /// The nearest indexed word to a word the index has never seen ("deepseak" → "deepseek"):
    /// one edit up to seven letters, two from eight (the nearest first), same first letter; on ties the one sharing the longest start with
    /// the typed word, then the most frequent.
    /// Only unknown words are corrected, so a rare real word is never replaced by a common one.
    /// </summary>
    private static string? Correct(IndexSearcher searcher, string word)
    {
        // Short words have too many neighbours to guess from; long ones tolerate a second slip. Nearer words win, so one
        // edit is tried first: most slips are one, and the walk for two costs several times as much.
        if (word.Length < 5 || word.Any(char.IsDigit)) return null;
        return Nearest(searcher, word, 1) ?? (word.Length >= 8 ? Nearest(searcher, word, 2) : null);
    }

    private static string? Nearest(IndexSearcher searcher, string word, int maxEdits)
    {
        string? best = null;
        int bestEdits = int.MaxValue, bestPrefix = 0, bestFrequency = 0;
        // Lucene's automaton walks only the terms within reach instead of the whole vocabulary.
        var fuzzy = new FuzzyQuery(new Term(AllTextField, word), maxEdits, prefixLength: 1, maxExpansions: 50, transpositions: true);
        if (fuzzy.Rewrite(searcher.IndexReader) is BooleanQuery expansions)
        {
            foreach (var clause in expansions.Clauses)
            {
                if (clause.Query is not TermQuery termQuery) continue;
                var candidate = termQuery.Term.Text;
                var edits = Edits(word, candidate, maxEdits);
                if (edits > maxEdits) continue;
                var frequency = DocumentFrequency(searcher, candidate);
                // Among equally near words, the one that keeps more of what was typed before the slip ("unitre" is
                // "unitree" cut short, not "unit" with letters added), then the more frequent.
                var prefix = CommonPrefix(word, candidate);
                if ((edits, -prefix, -frequency).CompareTo((bestEdits, -bestPrefix, -bestFrequency)) < 0)
                    (best, bestEdits, bestPrefix, bestFrequency) = (candidate, edits, prefix, frequency);
            }
        }
        return best;
    }

    private static int CommonPrefix(string a, string b)
    {
        var length = 0;
        while (length < a.Length && length < b.Length && a[length] == b[length]) length++;
        return length;
    }

    /// <summary>Optimal string alignment distance (adjacent swaps count as one), stopping early past the limit.</summary>
    private static int Edits(string a, string b, int limit)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            var rowMin = int.MaxValue;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, d[i - 2, j - 2] + 1);
                d[i, j] = v;
                rowMin = Math.Min(rowMin, v);
            }
            if (rowMin > limit) return limit + 1;
        }
        return d[a.Length, b.Length];
    }
}
