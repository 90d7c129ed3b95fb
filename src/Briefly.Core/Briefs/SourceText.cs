using System.Buffers;
using System.Text;

namespace Briefly.Core.Briefs;

/// <summary>One line of a brief after cleanup, with its 1-based number in the original input.</summary>
internal readonly record struct SourceLine(int Number, string Text);

/// <summary>
/// The cleanup every brief goes through before its structure is read, so that the structure
/// rules never have to think about CRLF, NBSP, tabs or trailing blanks.
/// </summary>
internal static class SourceText
{
    /// <summary>Splits on LF, CRLF or CR and cleans each line; blank lines stay, as empty strings.</summary>
    public static List<SourceLine> SplitLines(string text)
    {
        var lines = new List<SourceLine>(capacity: 64);
        var rest = text.AsSpan();
        var number = 1;
        while (true)
        {
            var end = rest.IndexOfAny('\n', '\r');
            if (end < 0)
            {
                lines.Add(new SourceLine(number, CleanLine(rest)));
                return lines;
            }

            lines.Add(new SourceLine(number, CleanLine(rest[..end])));
            var breakLength = rest[end] == '\r' && end + 1 < rest.Length && rest[end + 1] == '\n' ? 2 : 1;
            rest = rest[(end + breakLength)..];
            number++;
        }
    }

    /// <summary>
    /// Every kind of space (NBSP, thin space, tab, control characters) becomes one plain space,
    /// runs of them collapse, both ends are trimmed, and invisible zero-width characters go.
    /// Quotes and dashes are left as written.
    /// </summary>
    public static string CleanLine(ReadOnlySpan<char> raw)
    {
        if (IsClean(raw)) return raw.ToString();

        var buffer = ArrayPool<char>.Shared.Rent(raw.Length);
        try
        {
            var length = 0;
            var pendingSpace = false;
            foreach (var c in raw)
            {
                if (IsInvisible(c)) continue;
                if (char.IsWhiteSpace(c) || char.IsControl(c))
                {
                    pendingSpace = length > 0;
                    continue;
                }

                if (pendingSpace) buffer[length++] = ' ';
                pendingSpace = false;
                buffer[length++] = c;
            }

            return new string(buffer, 0, length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Cleans free text that may hold several paragraphs (JSON fields): lines of one paragraph
    /// are joined with a space, paragraphs (split by a blank line) with "\n\n", the same shape
    /// the text parser gives.
    /// </summary>
    public static string CleanParagraphs(string text)
    {
        if (text.AsSpan().IndexOfAny('\n', '\r') < 0) return CleanLine(text);

        var result = new StringBuilder(text.Length);
        var paragraphOpen = false;
        var blankSeen = false;
        foreach (var line in SplitLines(text))
        {
            if (line.Text.Length == 0)
            {
                blankSeen = true;
                continue;
            }

            if (paragraphOpen) result.Append(blankSeen ? "\n\n" : " ");
            result.Append(line.Text);
            paragraphOpen = true;
            blankSeen = false;
        }

        return result.ToString();
    }

    // Every character CleanLine would change: controls, every Unicode space but the plain one, invisibles.
    private static readonly SearchValues<char> NeedsCleaning = SearchValues.Create(
        Enumerable.Range(0, 0x10000).Select(c => (char)c)
            .Where(c => c != ' ' && (char.IsWhiteSpace(c) || char.IsControl(c) || IsInvisible(c)))
            .ToArray());

    /// <summary>Most lines need no cleanup; these vectorised searches find that out without a copy.</summary>
    private static bool IsClean(ReadOnlySpan<char> text) =>
        text.IsEmpty
        || (text[0] != ' ' && text[^1] != ' ' && text.IndexOfAny(NeedsCleaning) < 0 && text.IndexOf("  ", StringComparison.Ordinal) < 0);

    // Zero-width space, word joiner and BOM show nothing but break equality and label matching.
    // The zero-width joiner stays: emoji sequences need it.
    private static bool IsInvisible(char c) => c is '\u200B' or '\u2060' or '\uFEFF';
}
