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
    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _increment;
    private string? _pending;
    private State? _saved;

    public ProductNameFilter(TokenStream input) : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
        _increment = AddAttribute<IPositionIncrementAttribute>();
    }

    public override bool IncrementToken()
    {
        if (_pending is not null && _saved is not null)
        {
            RestoreState(_saved);
            _term.SetEmpty().Append(_pending);
            _increment.PositionIncrement = 0;
            _pending = null;
            _saved = null;
            return true;
        }
        if (!m_input.IncrementToken()) return false;
        var text = _term.ToString();
        var letters = 0;
        while (letters < text.Length && char.IsAsciiLetter(text[letters])) letters++;
        // "qwen3.5" → "qwen"; a dotted name ("pony.ai") → "pony", so the name as people type it ("Pony AI") finds it.
        var dotted = letters < text.Length - 1 && text[letters] == '.' && char.IsAsciiLetter(text[letters + 1]);
        if (letters >= 3 && letters < text.Length && (char.IsAsciiDigit(text[letters]) || dotted))
        {
            _pending = text[..letters];
            _saved = CaptureState();
        }
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _pending = null;
        _saved = null;
    }
}

/// <summary>
/// Rewrites spelling variants and abbreviations to one form ("licence" → "license", "ctrl" →
/// "control"); a replacement of several words ("datacentre" → "data center") becomes several tokens.
/// </summary>
internal sealed class SpellingFilter : TokenFilter
{
    private readonly IReadOnlyDictionary<string, string[]> _spellings;
    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _increment;
    private readonly Queue<string> _pending = new();
    private State? _saved;

    public SpellingFilter(TokenStream input, IReadOnlyDictionary<string, string[]> spellings) : base(input)
    {
        _spellings = spellings;
        _term = AddAttribute<ICharTermAttribute>();
        _increment = AddAttribute<IPositionIncrementAttribute>();
    }

    public override bool IncrementToken()
    {
        if (_pending.Count > 0 && _saved is not null)
        {
            RestoreState(_saved);
            _term.SetEmpty().Append(_pending.Dequeue());
            _increment.PositionIncrement = 1;
            return true;
        }
        if (!m_input.IncrementToken()) return false;
        if (_spellings.TryGetValue(_term.ToString(), out var words))
        {
            _term.SetEmpty().Append(words[0]);
            for (var i = 1; i < words.Length; i++) _pending.Enqueue(words[i]);
            _saved = _pending.Count > 0 ? CaptureState() : null;
        }
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _pending.Clear();
        _saved = null;
    }
}
