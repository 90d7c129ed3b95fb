using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Briefly.Core.Briefs;

/// <summary>
/// Turns the HTML of a post or page into the lines the text parser reads: blocks become lines,
/// headings "#"-lines, list items "- " or "1. " lines, links "[text](href)" so that a citation
/// keeps its URL whatever its text says. Each line keeps the line number of the HTML it came from.
/// </summary>
internal static class HtmlBriefConverter
{
    // Not part of what a reader reads as the brief: code, site navigation, forms, sidebars, footers.
    private static readonly HashSet<string> Skipped =
    [
        "script", "style", "noscript", "template", "head", "nav", "form", "button", "select", "textarea",
        "svg", "math", "iframe", "object", "canvas", "video", "audio", "aside", "footer",
    ];

    private static readonly HashSet<string> Blocks =
    [
        "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "header", "hgroup", "html", "main", "p", "section", "summary", "table",
        "tbody", "tfoot", "thead", "tr",
    ];

    // Real posts nest a few dozen elements deep. AngleSharp's tree building slows with the square of
    // the depth (50,000 nested list items take minutes), so deeper input is refused before parsing.
    private const int MaxNesting = 256;

    // Elements that never hold content, or whose end tag HTML lets authors leave out (the parser closes
    // them itself): counting them would call ordinary pages deep.
    private static readonly HashSet<string> NotNesting = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption",
        "rb", "rt", "rp", "html", "head", "body",
    };

    public static bool TryToLines(string html, out List<SourceLine> lines, out BriefError? error)
    {
        if (TooDeepAt(html) is { } position)
        {
            lines = [];
            error = new BriefError(LineOf(html, position), null,
                $"the HTML nests elements more than {MaxNesting} deep; a brief never does, so it was not read");
            return false;
        }

        lines = ToLines(html);
        error = null;
        return true;
    }

    private static List<SourceLine> ToLines(string html)
    {
        var parser = new HtmlParser(new HtmlParserOptions { IsKeepingSourceReferences = true });
        using var document = parser.ParseDocument(html);
        var root = document.QuerySelector("article") ?? document.QuerySelector("main") ?? document.Body ?? document.DocumentElement;

        // Site chrome (a logo, a menu) comes before the post's own heading: start there when there is one.
        var firstHeading = root.QuerySelector("h1");
        var writer = new LineWriter { Enabled = firstHeading is null };
        Walk(root, firstHeading, writer);
        return writer.Finish();
    }

    // Iterative, not recursive: a hostile page nests deeply, and a stack overflow cannot be caught.
    private static void Walk(IElement root, IElement? firstHeading, LineWriter writer)
    {
        var stack = new Stack<(INode Node, bool Leaving)>();
        var lists = new Stack<int>();
        var preDepth = 0;
        var line = 1;
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (node, leaving) = stack.Pop();
            if (node is IText text)
            {
                writer.Write(text.Data, preDepth > 0, line);
                continue;
            }

            if (node is not IElement element) continue;
            var name = element.LocalName;
            // Elements the parser adds itself (an implied <body>) have no place in the source.
            if (element.SourceReference?.Position.Line is > 0 and var sourceLine) line = sourceLine;

            if (leaving)
            {
                switch (name)
                {
                    case "a":
                        writer.EndLink();
                        break;
                    case "li":
                        writer.EndLine();
                        break;
                    case "ul" or "ol":
                        lists.TryPop(out _);
                        writer.EndParagraph(line);
                        break;
                    case "pre":
                        preDepth--;
                        writer.EndParagraph(line);
                        break;
                    default:
                        if (IsHeading(name) || Blocks.Contains(name)) writer.EndParagraph(line);
                        break;
                }

                continue;
            }

            if (Skipped.Contains(name)) continue;
            if (element == firstHeading) writer.Enabled = true;

            switch (name)
            {
                case "br":
                    writer.EndLine();
                    break;
                case "hr":
                    writer.EndParagraph(line);
                    writer.Write("---", preformatted: false, line);
                    writer.EndParagraph(line);
                    break;
                case "td" or "th":
                    writer.Write(" ", preformatted: false, line);
                    break;
                case "a":
                    writer.BeginLink(element.GetAttribute("href"));
                    break;
                case "ul":
                    lists.Push(0);
                    writer.EndParagraph(line);
                    break;
                case "ol":
                    lists.Push(int.TryParse(element.GetAttribute("start"), out var first) ? first - 1 : 0);
                    writer.EndParagraph(line);
                    break;
                case "li":
                    writer.EndLine();
                    writer.SetPrefix(ListPrefix(element, lists), line);
                    break;
                case "pre":
                    preDepth++;
                    writer.EndParagraph(line);
                    break;
                default:
                    if (IsHeading(name))
                    {
                        writer.EndParagraph(line);
                        writer.SetPrefix(new string('#', name[1] - '0') + " ", line);
                    }
                    else if (Blocks.Contains(name))
                    {
                        writer.EndParagraph(line);
                    }

                    break;
            }

            stack.Push((element, true));
            // By index: AngleSharp finds a sibling by searching its parent's children, which is quadratic over a long list.
            var children = element.ChildNodes;
            for (var k = children.Length - 1; k >= 0; k--) stack.Push((children[k], false));
        }
    }

    /// <summary>
    /// Where open tags first pile up past <see cref="MaxNesting"/>, by a linear count of start and end
    /// tags; an estimate (it does not apply HTML's repair rules) that errs towards shallow.
    /// </summary>
    private static int? TooDeepAt(string html)
    {
        var notNesting = NotNesting.GetAlternateLookup<ReadOnlySpan<char>>();
        var depth = 0;
        var i = html.IndexOf('<');
        while (i >= 0 && i + 1 < html.Length)
        {
            var next = i + 1;
            if (html.AsSpan(i).StartsWith("<!--"))
            {
                var end = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                if (end < 0) return null;
                next = end + 3;
            }
            else
            {
                var closing = html[i + 1] == '/';
                var nameStart = closing ? i + 2 : i + 1;
                var nameEnd = nameStart;
                while (nameEnd < html.Length && char.IsAsciiLetterOrDigit(html[nameEnd])) nameEnd++;
                if (nameEnd > nameStart && char.IsAsciiLetter(html[nameStart]))
                {
                    var tagEnd = html.IndexOf('>', nameEnd);
                    if (tagEnd < 0) return null;
                    var name = html.AsSpan(nameStart, nameEnd - nameStart);
                    var selfClosing = html[tagEnd - 1] == '/';
                    if (!notNesting.Contains(name))
                    {
                        if (closing) depth = Math.Max(0, depth - 1);
                        else if (!selfClosing && ++depth > MaxNesting) return i;
                    }

                    next = tagEnd + 1;
                    // Script and style hold text, not tags.
                    if (!closing && (name.Equals("script", StringComparison.OrdinalIgnoreCase) || name.Equals("style", StringComparison.OrdinalIgnoreCase)))
                    {
                        var close = html.IndexOf("</" + name.ToString(), next, StringComparison.OrdinalIgnoreCase);
                        if (close < 0) return null;
                        next = close;
                    }
                }
            }

            i = next < html.Length ? html.IndexOf('<', next) : -1;
        }

        return null;
    }

    private static int LineOf(string text, int position) => text.AsSpan(0, position).Count('\n') + 1;

    private static string ListPrefix(IElement item, Stack<int> lists)
    {
        if (item.ParentElement?.LocalName != "ol" || lists.Count == 0) return "- ";
        var number = lists.Pop() + 1;
        lists.Push(number);
        return $"{number}. ";
    }

    private static bool IsHeading(string name) => name.Length == 2 && name[0] == 'h' && name[1] is >= '1' and <= '6';

    /// <summary>Builds lines from text runs, collapsing HTML whitespace the way a browser shows it.</summary>
    private sealed class LineWriter
    {
        private readonly List<SourceLine> _lines = [];
        private readonly StringBuilder _line = new();
        private int _lineNumber = 1;
        private string? _prefix;
        private bool _pendingSpace;
        private string? _linkHref;
        private int _linkStart;
        private int _linkLineCount;

        /// <summary>False while reading past what comes before the post's heading.</summary>
        public bool Enabled { get; set; }

        public void SetPrefix(string prefix, int line)
        {
            if (!Enabled) return;
            _prefix = prefix;
            _lineNumber = line;
        }

        public void Write(string text, bool preformatted, int line)
        {
            if (!Enabled) return;
            foreach (var c in text)
            {
                if (preformatted && c == '\n')
                {
                    EndLine();
                    line++;
                }
                else if (c is ' ' or '\t' or '\n' or '\r' or '\f')
                {
                    _pendingSpace = true;
                }
                else
                {
                    Append(c, line);
                }
            }
        }

        public void BeginLink(string? href)
        {
            _linkHref = null;
            if (!Enabled || href is null || !(href.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                                              || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
                return;

            if (_line.Length > 0 && _pendingSpace)
            {
                _line.Append(' ');
                _pendingSpace = false;
            }

            _linkHref = href.Trim();
            _linkStart = _line.Length == 0 ? _prefix?.Length ?? 0 : _line.Length;
            _linkLineCount = _lines.Count;
        }

        /// <summary>A link whose text is its URL stays a bare URL; any other becomes "[text](href)".</summary>
        public void EndLink()
        {
            if (_linkHref is not { } href) return;
            _linkHref = null;
            if (_lines.Count != _linkLineCount || _line.Length < _linkStart)
            {
                // The link's text spanned lines or was empty: keep the URL after it.
                _pendingSpace = true;
                foreach (var c in href) Append(c, _lineNumber);
                return;
            }

            var text = _line.ToString(_linkStart, _line.Length - _linkStart).Trim();
            if (text.Length == 0 || text == href)
            {
                _line.Length = _linkStart;
                foreach (var c in href) Append(c, _lineNumber);
                return;
            }

            _line.Insert(_linkStart, '[').Append("](").Append(href).Append(')');
        }

        public void EndLine()
        {
            _pendingSpace = false;
            if (_line.Length == 0) return;
            _lines.Add(new SourceLine(_lineNumber, SourceText.CleanLine(_line.ToString())));
            _line.Clear();
        }

        public void EndParagraph(int line)
        {
            EndLine();
            if (_lines.Count > 0 && _lines[^1].Text.Length > 0) _lines.Add(new SourceLine(line, ""));
        }

        public List<SourceLine> Finish()
        {
            EndLine();
            return _lines;
        }

        private void Append(char c, int line)
        {
            if (_line.Length == 0)
            {
                if (_prefix is null) _lineNumber = line;
                else _line.Append(_prefix);
                _prefix = null;
            }
            else if (_pendingSpace)
            {
                _line.Append(' ');
            }

            _pendingSpace = false;
            _line.Append(c);
        }
    }
}
