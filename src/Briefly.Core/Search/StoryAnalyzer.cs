using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace Briefly.Core.Search;

/// <summary>
/// English analysis for stories and questions: the same chain on both sides so a question's
/// words meet the index's words. Close to Lucene's EnglishAnalyzer, plus ASCII folding (smart
/// quotes, accents), British/American spelling and abbreviation normalisation from the alias
/// catalogue, and a split of product names such as "Qwen3.5" or "HBM2E" so "qwen" and "hbm" find them.
/// </summary>
internal sealed class StoryAnalyzer(IReadOnlyDictionary<string, string[]> spellings) : Analyzer
{
    internal const LuceneVersion Version = LuceneVersion.LUCENE_48;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream stream = new EnglishPossessiveFilter(Version, source);
        stream = new LowerCaseFilter(Version, stream);
        stream = new ASCIIFoldingFilter(stream);
        stream = new ProductNameFilter(stream);
        stream = new SpellingFilter(stream, spellings);
        stream = new StopFilter(Version, stream, EnglishAnalyzer.DefaultStopSet);
        stream = new PorterStemFilter(stream);
        return new TokenStreamComponents(source, stream);
    }

    /// <summary>The analysed terms of a text, in order (stacked terms included, at their place).</summary>
    internal List<string> Terms(string field, string text)
    {
        var terms = new List<string>();
        using var stream = GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) terms.Add(term.ToString());
        stream.End();
        return terms;
    }

    /// <summary>
    /// The analysed terms grouped by position: a stacked alternative (e.g. "hbm" under "hbm2e")
    /// shares its position with the original, so phrase matching can take either.
    /// </summary>
    internal List<string[]> Positions(string field, string text)
    {
        var positions = new List<List<string>>();
        using var stream = GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            if (increment.PositionIncrement > 0 || positions.Count == 0) positions.Add([]);
            positions[^1].Add(term.ToString());
        }
        stream.End();
        return positions.ConvertAll(p => p.ToArray());
    }
}

/// <summary>
/// Stacks the letter prefix of a product-style name on the name itself ("qwen3.5" + "qwen",
/// "hbm2e" + "hbm", "pony.ai" + "pony"), so the family name finds every version while the exact name still matches.
/// Short prefixes (H20, V4, M3) are left whole: one or two letters carry no meaning alone.
/// </summary>
internal sealed class ProductNameFilter : TokenFilter
{
    private readonly ICharTermAttribute term;
    private readonly IPositionIncrementAttribute increment;
    private string? pending;
    private State? saved;

    public ProductNameFilter(TokenStream input) : base(input)
    {
        term = AddAttribute<ICharTermAttribute>();
        increment = AddAttribute<IPositionIncrementAttribute>();
    }

    public override bool IncrementToken()
    {
        if (pending is not null && saved is not null)
        {
            RestoreState(saved);
            term.SetEmpty().Append(pending);
            increment.PositionIncrement = 0;
            pending = null;
            saved = null;
            return true;
        }
        if (!m_input.IncrementToken()) return false;
        var text = term.ToString();
        var letters = 0;
        while (letters < text.Length && char.IsAsciiLetter(text[letters])) letters++;
        // "qwen3.5" → "qwen"; a dotted name ("pony.ai") → "pony", so the name as people type it ("Pony AI") finds it.
        var dotted = letters < text.Length - 1 && text[letters] == '.' && char.IsAsciiLetter(text[letters + 1]);
        if (letters >= 3 && letters < text.Length && (char.IsAsciiDigit(text[letters]) || dotted))
        {
            pending = text[..letters];
            saved = CaptureState();
        }
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        pending = null;
        saved = null;
    }
}

/// <summary>
/// Rewrites spelling variants and abbreviations to one form ("licence" → "license", "ctrl" →
/// "control"); a replacement of several words ("datacentre" → "data center") becomes several tokens.
/// </summary>
internal sealed class SpellingFilter : TokenFilter
{
    private readonly IReadOnlyDictionary<string, string[]> spellings;
    private readonly ICharTermAttribute term;
    private readonly IPositionIncrementAttribute increment;
    private readonly Queue<string> pending = new();
    private State? saved;

    public SpellingFilter(TokenStream input, IReadOnlyDictionary<string, string[]> spellings) : base(input)
    {
        this.spellings = spellings;
        term = AddAttribute<ICharTermAttribute>();
        increment = AddAttribute<IPositionIncrementAttribute>();
    }

    public override bool IncrementToken()
    {
        if (pending.Count > 0 && saved is not null)
        {
            RestoreState(saved);
            term.SetEmpty().Append(pending.Dequeue());
            increment.PositionIncrement = 1;
            return true;
        }
        if (!m_input.IncrementToken()) return false;
        if (spellings.TryGetValue(term.ToString(), out var words))
        {
            term.SetEmpty().Append(words[0]);
            for (var i = 1; i < words.Length; i++) pending.Enqueue(words[i]);
            saved = pending.Count > 0 ? CaptureState() : null;
        }
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        pending.Clear();
        saved = null;
    }
}
