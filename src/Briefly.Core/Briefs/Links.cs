using System.Buffers;
using System.Text;

namespace Briefly.Core.Briefs;

/// <summary>Finds citation URLs in free text and removes Markdown link syntax from prose.</summary>
internal static class Links
{
    /// <summary>
    /// Adds every http(s) URL of <paramref name="text"/> to <paramref name="urls"/>, in order and once each.
    /// Words that were clearly meant as links but are not absolute http(s) URLs ("www.x.com/a",
    /// "ftp://x", "https://") go to <paramref name="invalid"/>; other words (outlet names, "Also
    /// confirmed") are not links and are passed over.
    /// </summary>
    public static void CollectUrls(string text, List<string> urls, HashSet<string> seen, List<string> invalid)
    {
        var words = text.AsSpan();
        foreach (var range in words.Split(' '))
        {
            var word = words[range];
            if (word.IsEmpty) continue;
            var found = false;
            while (true)
            {
                var start = IndexOfScheme(word);
                if (start < 0) break;
                found = true;
                var end = word[start..].IndexOfAny(UrlEnds);
                end = end < 0 ? word.Length : start + end;
                var url = TrimUrlEnd(word[start..end]);
                var urlText = url.ToString();
                if (!IsAbsoluteHttpUrl(url)) invalid.Add(urlText);
                else if (seen.Add(urlText)) urls.Add(urlText);
                word = word[end..];
            }

            if (!found && LooksLikeLink(TrimUrlEnd(word.TrimStart("([<\"'"))))
                invalid.Add(TrimUrlEnd(word.TrimStart("([<\"'")).ToString());
        }
    }

    /// <summary>True when the text is nothing but URLs (a citation bullet, never a story title).</summary>
    public static bool IsOnlyUrls(string text)
    {
        // Titles and bullets, the usual callers, fail on their first letter.
        if (text.Length == 0 || text[0] is not ('h' or 'H' or 'w' or 'W' or '(' or '[' or '<')) return false;
        var words = text.AsSpan();
        var any = false;
        foreach (var range in words.Split(' '))
        {
            var word = words[range].TrimStart("([<");
            if (word.IsEmpty) continue;
            if (IndexOfScheme(word) != 0 && !word.StartsWith("www.", StringComparison.OrdinalIgnoreCase)) return false;
            any = true;
        }

        return any;
    }

    /// <summary>"[Caixin](https://…)" becomes "Caixin": prose keeps the words a reader sees.</summary>
    public static string UnwrapMarkdownLinks(string text)
    {
        var marker = text.IndexOf("](", StringComparison.Ordinal);
        if (marker < 0) return text;

        var result = new StringBuilder(text.Length);
        var copied = 0;
        var searchFrom = 0;
        while (marker >= 0)
        {
            var open = text.LastIndexOf('[', marker - 1 < 0 ? 0 : marker - 1, Math.Max(0, marker - searchFrom));
            var close = FindLinkEnd(text, marker + 2, out var scannedTo);
            if (open >= copied && open < marker && close > 0)
            {
                result.Append(text, copied, open - copied).Append(text, open + 1, marker - open - 1);
                copied = close + 1;
                searchFrom = copied;
            }
            else
            {
                // Whatever was scanned holds no link end either; skipping it keeps this linear.
                searchFrom = Math.Max(marker + 2, scannedTo);
            }

            marker = searchFrom < text.Length ? text.IndexOf("](", searchFrom, StringComparison.Ordinal) : -1;
        }

        return result.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>
    /// An absolute http or https URL with a host. Checked by hand rather than with <see cref="Uri"/>:
    /// this runs for every citation and must stay cheap.
    /// </summary>
    public static bool IsAbsoluteHttpUrl(ReadOnlySpan<char> url)
    {
        int schemeLength;
        if (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) schemeLength = 8;
        else if (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) schemeLength = 7;
        else return false;

        var rest = url[schemeLength..];
        var hostEnd = rest.IndexOfAny('/', '?', '#');
        var authority = hostEnd < 0 ? rest : rest[..hostEnd];
        var portColon = authority.LastIndexOf(':');
        var host = authority;
        if (portColon >= 0)
        {
            var port = authority[(portColon + 1)..];
            if (port.IsEmpty || port.Length > 5 || port.ContainsAnyExceptInRange('0', '9')) return false;
            host = authority[..portColon];
        }

        if (host.IsEmpty || host[0] is '.' or '-' || host[^1] == '-') return false;
        foreach (var c in host)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' || (c > 0x7F && char.IsLetterOrDigit(c)))) return false;
        }

        return !host.Contains("..", StringComparison.Ordinal);
    }

    /// <summary>Where "http://" or "https://" starts in the word, found from "://" (an ordinal, vectorised search).</summary>
    private static int IndexOfScheme(ReadOnlySpan<char> word)
    {
        var searched = 0;
        while (true)
        {
            var separator = word[searched..].IndexOf("://", StringComparison.Ordinal);
            if (separator < 0) return -1;
            separator += searched;
            if (separator >= 5 && word.Slice(separator - 5, 5).Equals("https", StringComparison.OrdinalIgnoreCase)) return separator - 5;
            if (separator >= 4 && word.Slice(separator - 4, 4).Equals("http", StringComparison.OrdinalIgnoreCase)) return separator - 4;
            searched = separator + 3;
        }
    }

    private static bool LooksLikeLink(ReadOnlySpan<char> word)
    {
        if (word.Length < 4 || (word.IndexOf(':') < 0 && word[0] is not ('w' or 'W'))) return false;
        return word.Contains("://", StringComparison.Ordinal)
               || word.StartsWith("www.", StringComparison.OrdinalIgnoreCase)
               || word.StartsWith("http:", StringComparison.OrdinalIgnoreCase)
               || word.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
    }

    // Characters that cannot be part of a URL as people paste them; "]" ends "[https://x](https://x)".
    private static readonly SearchValues<char> UrlEnds = SearchValues.Create("<>\"[]{}|\\^`");

    /// <summary>Drops sentence punctuation after a URL, and a closing parenthesis that the URL did not open.</summary>
    private static ReadOnlySpan<char> TrimUrlEnd(ReadOnlySpan<char> url)
    {
        var unopened = url.Count(')') - url.Count('(');
        while (!url.IsEmpty)
        {
            var last = url[^1];
            if (last is '.' or ',' or ';' or ':' or '!' or '?' or '\'' or '"' or '’' or '”' or '»' or '*')
            {
                url = url[..^1];
            }
            else if (last == ')' && unopened > 0)
            {
                url = url[..^1];
                unopened--;
            }
            else
            {
                break;
            }
        }

        return url;
    }

    private static int FindLinkEnd(string text, int from, out int scannedTo)
    {
        var depth = 0;
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ' ')
            {
                scannedTo = i;
                return -1;
            }

            if (c == '(') depth++;
            else if (c == ')' && depth-- == 0)
            {
                scannedTo = i;
                return i;
            }
        }

        scannedTo = text.Length;
        return -1;
    }
}
