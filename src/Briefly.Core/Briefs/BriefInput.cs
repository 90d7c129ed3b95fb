using System.Text;

namespace Briefly.Core.Briefs;

/// <summary>Turns the bytes of a file, request body or feed item into a parsed brief, refusing what is not a brief's text.</summary>
public static class BriefInput
{
    /// <summary>The largest brief taken in; a real one is a few kilobytes.</summary>
    public const int DefaultMaxBytes = 2 * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static BriefFormat FormatFromFileName(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => BriefFormat.Json,
        ".html" or ".htm" => BriefFormat.Html,
        ".md" or ".markdown" => BriefFormat.Markdown,
        ".txt" or ".text" => BriefFormat.Text,
        _ => BriefFormat.Auto,
    };

    /// <summary>The format a request's Content-Type names; anything else is decided from the content.</summary>
    public static BriefFormat FormatFromContentType(string? contentType)
    {
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "application/json" => BriefFormat.Json,
            "text/html" or "application/xhtml+xml" => BriefFormat.Html,
            "text/markdown" or "text/x-markdown" => BriefFormat.Markdown,
            "text/plain" => BriefFormat.Text,
            _ => BriefFormat.Auto,
        };
    }

    /// <summary>Too large to read: checked before the bytes are read at all.</summary>
    public static BriefError? CheckSize(long length, int maxBytes = DefaultMaxBytes) =>
        length > maxBytes
            ? new BriefError(null, null, $"too large: {FormatSize(length)}; a brief may be at most {FormatSize(maxBytes)}")
            : null;

    /// <summary>A body of unknown length (chunked) read past the limit: how long it is in all was never read.</summary>
    public static BriefError LongerThan(int maxBytes) =>
        new(null, null, $"too large: more than {FormatSize(maxBytes)}, the most a brief may be");

    public static BriefParseResult Parse(ReadOnlySpan<byte> bytes, BriefFormat format, int maxBytes = DefaultMaxBytes)
    {
        if (CheckSize(bytes.Length, maxBytes) is { } tooLarge) return BriefParseResult.Fail(tooLarge);
        if (bytes.IsEmpty) return BriefParseResult.Fail(new BriefError(null, null, "empty: there is nothing to read"));
        var text = Decode(bytes, out var error);
        return text is null ? BriefParseResult.Fail(error!) : BriefParser.Parse(text, format);
    }

    private static string? Decode(ReadOnlySpan<byte> bytes, out BriefError? error)
    {
        error = null;
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        var nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
        {
            error = new BriefError(null, null, $"not text: a NUL byte at offset {nul} (binary file?)");
            return null;
        }
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            error = new BriefError(LineOf(bytes, e.Index), null, $"not UTF-8 text: invalid byte sequence at offset {e.Index}");
            return null;
        }
        var control = IndexOfControl(text);
        if (control >= 0)
        {
            error = new BriefError(text.AsSpan(0, control).Count('\n') + 1, null, ControlMessage(text[control]));
            return null;
        }
        return text;
    }

    /// <summary>
    /// Where the first control character is that a brief cannot hold (C0 and C1 controls and DEL, but tab and line
    /// breaks): -1 when there is none. Databases differ on them (PostgreSQL refuses NUL in text) and no platform shows them.
    /// </summary>
    public static int IndexOfControl(string text)
    {
        for (var i = 0; i < text.Length; i++)
            if (char.IsControl(text[i]) && text[i] is not ('\t' or '\n' or '\r')) return i;
        return -1;
    }

    public static string ControlMessage(char control) => $"a control character (U+{(int)control:X4}) is not allowed in a brief";

    private static int LineOf(ReadOnlySpan<byte> bytes, int offset) =>
        bytes[..Math.Clamp(offset, 0, bytes.Length)].Count((byte)'\n') + 1;

    /// <summary>The exact bytes, and in KB or MB for reading ("65,537 bytes (64 KB)"), so two sizes never read the same.</summary>
    private static string FormatSize(long bytes)
    {
        var exact = bytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var rounded = bytes >= 1024 * 1024 ? string.Create(invariant, $"{bytes / (1024.0 * 1024.0):0.#} MB") : string.Create(invariant, $"{bytes / 1024.0:0.#} KB");
        return $"{exact} bytes ({rounded})";
    }
}
