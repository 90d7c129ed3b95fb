using System.Text.Json;
using System.Text.RegularExpressions;

namespace Briefly.Core.Feeds;

public static partial class FeedDocumentReader
{
    private const string JsonFeedVersionPrefix = "https://jsonfeed.org/version/";

    private static readonly JsonDocumentOptions JsonOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    private static FeedReadResult ReadJson(string text, TextOrigin origin)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, JsonOptions);
        }
        catch (JsonException ex)
        {
            var message = JsonPositionSuffix().Replace(ex.Message, "");
            if (ex.LineNumber is not { } line) return FeedReadResult.Fail($"malformed JSON: {message}");
            // The reader counts from zero, and in bytes of UTF-8 within the line.
            var lineNumber = (int)line + 1;
            return FeedReadResult.Fail(
                $"line {origin.Line(lineNumber)}, byte {origin.Column(lineNumber, (int)(ex.BytePositionInLine ?? 0) + 1)}: {message}");
        }

        using (document)
        {
            try
            {
                return FeedReadResult.Ok(Collect(JsonFeedItems(document.RootElement)));
            }
            catch (JsonShapeException ex)
            {
                return FeedReadResult.Fail($"{ex.Path}: {ex.Message}");
            }
        }
    }

    private static List<FeedEntry> JsonFeedItems(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new JsonShapeException("$", $"a JSON Feed is an object, not {Kind(root)}");
        var version = String(root, "version", "$");
        if (version is null || !version.StartsWith(JsonFeedVersionPrefix, StringComparison.Ordinal))
            throw new JsonShapeException("$.version", version is null
                ? $"missing: a JSON Feed names its version ({JsonFeedVersionPrefix}1.1)"
                : $"'{version}' is not a JSON Feed version ({JsonFeedVersionPrefix}1.1)");
        if (!root.TryGetProperty("items", out var items)) throw new JsonShapeException("$.items", "missing");
        if (items.ValueKind != JsonValueKind.Array) throw new JsonShapeException("$.items", $"expected an array, not {Kind(items)}");

        var result = new List<FeedEntry>();
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var path = $"$.items[{index++}]";
            if (item.ValueKind != JsonValueKind.Object) throw new JsonShapeException(path, $"expected an object, not {Kind(item)}");
            result.Add(JsonFeedItem(item, path));
        }
        return result;
    }

    private static FeedEntry JsonFeedItem(JsonElement item, string path)
    {
        // Version 1 let publishers write numeric ids; the number's text is as stable as a string.
        var id = item.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.Number
            ? idValue.GetRawText()
            : Clean(String(item, "id", path));
        var title = Clean(String(item, "title", path));
        var link = Clean(String(item, "url", path)) ?? Clean(String(item, "external_url", path));
        var published = FeedDates.Parse(String(item, "date_published", path)) ?? FeedDates.Parse(String(item, "date_modified", path));
        var html = Clean(String(item, "content_html", path));
        var (content, type) = html is not null
            ? (html, FeedEntry.Html)
            : (Clean(String(item, "content_text", path)) ?? "", FeedEntry.PlainText);
        return Item(id, title, link, published, content, type);
    }

    /// <summary>A property that must be a string when present; a wrong type is an error rather than a silent change of key.</summary>
    private static string? String(JsonElement parent, string name, string path) =>
        !parent.TryGetProperty(name, out var value) ? null : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => throw new JsonShapeException($"{path}.{name}", $"expected a string, not {Kind(value)}"),
        };

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    [GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.\z")]
    private static partial Regex JsonPositionSuffix();

    private sealed class JsonShapeException(string path, string message) : Exception(message)
    {
        public string Path { get; } = path;
    }
}
