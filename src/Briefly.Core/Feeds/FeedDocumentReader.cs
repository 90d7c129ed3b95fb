using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Briefly.Core.Feeds;

/// <summary>
/// Reads a fetched feed document — RSS 2.0 (and 0.9x), RSS 1.0 (RDF), Atom 1.0 or JSON Feed 1.x — into its items.
/// The format is told from the content itself, since servers often label feeds text/html or application/octet-stream.
/// Never throws on bad input: a document that cannot be read gives an error that names the place.
/// </summary>
public static partial class FeedDocumentReader
{
    public static FeedReadResult Read(string content, string? contentType)
    {
        content ??= "";
        var start = SkipLeadingBlank(content);
        if (start == content.Length) return FeedReadResult.Fail($"the document is empty{Served(contentType)}");
        var origin = new TextOrigin(content, start);
        return content[start] switch
        {
            '<' => ReadXml(content[start..], origin, contentType),
            '{' => ReadJson(content[start..], origin),
            _ => FeedReadResult.Fail(
                $"line {origin.Line(1)}: not an RSS, Atom or JSON Feed document{Served(contentType)}; it starts with neither '<' nor '{{'"),
        };
    }

    private static int SkipLeadingBlank(string content)
    {
        var i = 0;
        // A byte order mark decoded into the string, or blank lines before the XML declaration, are common and harmless.
        while (i < content.Length && (char.IsWhiteSpace(content[i]) || content[i] == '\uFEFF')) i++;
        return i;
    }

    private static string Served(string? contentType) =>
        string.IsNullOrWhiteSpace(contentType) ? "" : $" (served as {contentType.Trim()})";

    /// <summary>The parsers see the document without its leading blank; this maps their places back onto the original.</summary>
    private readonly struct TextOrigin
    {
        private readonly int _lines;
        private readonly int _columns;

        public TextOrigin(string content, int start)
        {
            var skipped = content.AsSpan(0, start);
            _lines = skipped.Count('\n');
            _columns = start - (skipped.LastIndexOf('\n') + 1);
        }

        public int Line(int line) => line + _lines;

        public int Column(int line, int column) => line == 1 ? column + _columns : column;

        public string Place(int line, int column) => $"line {Line(line)}, column {Column(line, column)}";
    }

    private static List<FeedEntry> Collect(IEnumerable<FeedEntry> items)
    {
        // A feed listing the same item twice must still give one brief; the first occurrence is the one kept.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return items.Where(item => seen.Add(item.Key)).ToList();
    }

    private static FeedEntry Item(string? id, string? title, string? link, DateTimeOffset? published, string content, string contentType)
    {
        var key = id ?? link ?? Hash(title + "\0" + content);
        if (key.Length > FeedEntry.MaxKeyLength) key = Hash(key);
        return new FeedEntry(key, title, link, published, content, contentType);
    }

    private static string Hash(string text) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string? Clean(string? text)
    {
        var trimmed = text?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    /// <summary>
    /// RSS does not say whether a description is HTML or text. Calling plain text HTML would fold its lines together,
    /// and a text brief depends on its lines, so only text that holds markup is taken as HTML.
    /// </summary>
    private static string GuessType(string content) => MarkupPattern().IsMatch(content) ? FeedEntry.Html : FeedEntry.PlainText;

    [GeneratedRegex(@"<[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?/?>|</[a-zA-Z][a-zA-Z0-9-]*\s*>|<!--|&(amp|lt|gt|quot|apos|nbsp|#[0-9]+|#[xX][0-9a-fA-F]+);")]
    private static partial Regex MarkupPattern();
}
