using System.Text;
using System.Text.RegularExpressions;

namespace Briefly.Core.Feeds;

/// <summary>Turns a feed body into text: byte order mark, then the charset the server named, then the XML declaration, then UTF-8 (RFC 7303 §3).</summary>
internal static partial class FeedText
{
    public static string Decode(ReadOnlySpan<byte> body, string? charset)
    {
        var (bomEncoding, bomLength) = body switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (Encoding.UTF8, 3),
            [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
            [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
            _ => ((Encoding?)null, 0),
        };
        var encoding = bomEncoding ?? Named(charset) ?? Named(DeclaredEncoding(body)) ?? Encoding.UTF8;
        return encoding.GetString(body[bomLength..]);
    }

    private static string? DeclaredEncoding(ReadOnlySpan<byte> body)
    {
        // The declaration is ASCII in every encoding a feed can use without a byte order mark.
        var head = Encoding.Latin1.GetString(body[..Math.Min(body.Length, 200)]);
        return head.StartsWith("<?xml", StringComparison.Ordinal) && XmlEncoding().Match(head) is { Success: true } match
            ? match.Groups[1].Value
            : null;
    }

    private static Encoding? Named(string? name)
    {
        name = name?.Trim().Trim('"', '\'');
        if (string.IsNullOrEmpty(name)) return null;
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            // windows-1252 and the like, still common in older feeds, live in the code-pages provider.
            return CodePagesEncodingProvider.Instance.GetEncoding(name);
        }
    }

    [GeneratedRegex("""\A<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")]
    private static partial Regex XmlEncoding();
}
