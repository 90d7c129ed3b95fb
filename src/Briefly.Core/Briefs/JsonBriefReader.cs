using System.Globalization;
using System.Text.Json;

namespace Briefly.Core.Briefs;

/// <summary>
/// Reads the API's own brief shape:
/// <c>{"title","date":"yyyy-MM-dd","postedAt":"yyyy-MM-ddTHH:mm"|null,"takeaways":[…],
/// "stories":[{"title","source","date","dateText","summary","whyItMatters","citations":[…]}]}</c>.
/// Unknown properties (a story's "id") are ignored; every error names its JSON path.
/// </summary>
internal sealed class JsonBriefReader
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 32 };

    private readonly List<BriefError> _errors = [];

    public static BriefParseResult Read(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (ArgumentException)
        {
            // Text that cannot be turned into UTF-8 at all (lone surrogates) never reaches the JSON reader.
            return BriefParseResult.Fail(new BriefError(1, "$", "not valid JSON: the text holds characters that are not valid Unicode"));
        }
        catch (JsonException exception)
        {
            var line = exception.LineNumber is { } zeroBased ? (int?)(int)Math.Min(zeroBased + 1, int.MaxValue) : null;
            return BriefParseResult.Fail(new BriefError(line, "$",
                $"not valid JSON (line {line}, byte {exception.BytePositionInLine + 1}): expected one brief object"));
        }

        using (document)
        {
            var controls = new List<BriefError>();
            FindControls(document.RootElement, "$", controls);
            return controls.Count > 0 ? new BriefParseResult(null, controls) : new JsonBriefReader().ReadBrief(document.RootElement);
        }
    }

    /// <summary>Control characters written as escapes ("\u0000") are refused as the raw ones are, at the value's path.</summary>
    private static void FindControls(JsonElement element, string path, List<BriefError> errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject()) FindControls(property.Value, $"{path}.{property.Name}", errors);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray()) FindControls(item, $"{path}[{index++}]", errors);
                break;
            case JsonValueKind.String when StringOf(element) is { } text && BriefInput.IndexOfControl(text) is >= 0 and var at:
                errors.Add(new BriefError(null, path, BriefInput.ControlMessage(text[at])));
                break;
        }
    }

    private BriefParseResult ReadBrief(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            var found = root.ValueKind == JsonValueKind.Array ? "an array" : Describe(root.ValueKind);
            return BriefParseResult.Fail(new BriefError(null, "$", $"expected one brief object, found {found}: one brief per document"));
        }

        var title = RequiredText(root, "title", "$");
        var postedAt = ReadPostedAt(root);
        var date = ReadBriefDate(root, title, postedAt);
        var takeaways = ReadTakeaways(root);
        var stories = ReadStories(root, date ?? DateOnly.MinValue);

        if (_errors.Count > 0 || title is null || date is not { } briefDate) return new BriefParseResult(null, _errors);
        return BriefParseResult.Ok(new BriefDocument(title, briefDate, postedAt, stories, takeaways));
    }

    private DateTime? ReadPostedAt(JsonElement root)
    {
        if (!root.TryGetProperty("postedAt", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (DateTime.TryParseExact(StringOf(value), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var postedAt))
            return postedAt;

        Error("$.postedAt", "expected a local time \"yyyy-MM-ddTHH:mm\" or null");
        return null;
    }

    /// <summary>The "date" property; when it is missing, the title's date or the posted-on day, as in a text brief.</summary>
    private DateOnly? ReadBriefDate(JsonElement root, string? title, DateTime? postedAt)
    {
        if (root.TryGetProperty("date", out var value) && value.ValueKind != JsonValueKind.Null)
            return ReadDay(value, "$.date");

        if (title is not null && DateText.TryFindInTitle(title, out var written) && written is { Day: not null, Year: not null }
            && DateText.Resolve(written, DateOnly.MinValue) is { } fromTitle)
            return fromTitle;
        if (postedAt is { } posted) return DateOnly.FromDateTime(posted);

        Error("$.date", "missing: expected the brief's day as \"yyyy-MM-dd\" (or a title or postedAt that carries it)");
        return null;
    }

    private List<string> ReadTakeaways(JsonElement root)
    {
        var takeaways = new List<string>();
        if (!root.TryGetProperty("takeaways", out var array) || array.ValueKind == JsonValueKind.Null) return takeaways;
        if (array.ValueKind != JsonValueKind.Array)
        {
            Error("$.takeaways", $"expected an array of strings, found {Describe(array.ValueKind)}");
            return takeaways;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"$.takeaways[{index++}]";
            if (StringOf(item) is { } raw && SourceText.CleanLine(raw) is { Length: > 0 } text) takeaways.Add(text);
            else Error(path, "expected a non-empty string");
        }

        return takeaways;
    }

    private List<StoryDocument> ReadStories(JsonElement root, DateOnly briefDate)
    {
        var stories = new List<StoryDocument>();
        if (!root.TryGetProperty("stories", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            Error("$.stories", "expected an array of stories");
            return stories;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"$.stories[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                Error(path, $"expected a story object, found {Describe(item.ValueKind)}");
                continue;
            }

            if (ReadStory(item, path, briefDate) is { } story) stories.Add(story);
        }

        if (index == 0) Error("$.stories", "no stories found: expected at least one story");
        return stories;
    }

    private StoryDocument? ReadStory(JsonElement story, string path, DateOnly briefDate)
    {
        var errorCount = _errors.Count;
        var title = RequiredText(story, "title", path);
        var source = RequiredText(story, "source", path);
        var summary = RequiredText(story, "summary", path, paragraphs: true);
        var whyItMatters = OptionalText(story, "whyItMatters", path, paragraphs: true);
        var dateText = OptionalText(story, "dateText", path, paragraphs: false);

        DateOnly? date;
        if (story.TryGetProperty("date", out var dateValue) && dateValue.ValueKind != JsonValueKind.Null)
        {
            date = ReadDay(dateValue, $"{path}.date");
        }
        else if (dateText.Length == 0)
        {
            date = briefDate;
        }
        else
        {
            date = DateText.TryParse(dateText, out var written) ? DateText.Resolve(written, briefDate) : null;
            if (date is null) Error($"{path}.dateText", $"\"{dateText}\" is not a date that can be read; write it like \"29 Apr 2026\", \"28–29 Apr 2026\" or \"Apr 2026\"");
        }

        var citations = ReadCitations(story, path);
        if (_errors.Count > errorCount || title is null || source is null || summary is null || date is not { } day) return null;
        return new StoryDocument(title, source, day, dateText, summary, whyItMatters, citations);
    }

    private List<string> ReadCitations(JsonElement story, string path)
    {
        var citations = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (!story.TryGetProperty("citations", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            Error($"{path}.citations", "expected an array of citation URLs");
            return citations;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemPath = $"{path}.citations[{index++}]";
            var url = StringOf(item)?.Trim();
            if (url is null || !Links.IsAbsoluteHttpUrl(url) || url.AsSpan().ContainsAny(" \t\r\n"))
                Error(itemPath, "not an absolute http(s) URL");
            else if (seen.Add(url))
                citations.Add(url);
        }

        if (index == 0) Error($"{path}.citations", "no citation: expected at least one http(s) URL");
        return citations;
    }

    private DateOnly? ReadDay(JsonElement value, string path)
    {
        if (DateOnly.TryParseExact(StringOf(value), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return day;

        Error(path, "expected a day as \"yyyy-MM-dd\"");
        return null;
    }

    private string? RequiredText(JsonElement owner, string name, string path, bool paragraphs = false)
    {
        if (owner.TryGetProperty(name, out var value) && StringOf(value) is { } raw && Clean(raw, paragraphs) is { Length: > 0 } text)
            return text;

        Error($"{path}.{name}", value.ValueKind switch
        {
            JsonValueKind.Undefined or JsonValueKind.Null => "missing: expected a non-empty string",
            JsonValueKind.String => "empty: expected a non-empty string",
            _ => $"expected a non-empty string, found {Describe(value.ValueKind)}",
        });
        return null;
    }

    private string OptionalText(JsonElement owner, string name, string path, bool paragraphs)
    {
        if (!owner.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return "";
        if (StringOf(value) is { } raw) return Clean(raw, paragraphs);
        Error($"{path}.{name}", $"expected a string, found {Describe(value.ValueKind)}");
        return "";
    }

    /// <summary>The string value, or null when it is not a string or holds an escaped lone surrogate ("\\ud800").</summary>
    private static string? StringOf(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String) return null;
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string Clean(string text, bool paragraphs) => paragraphs ? SourceText.CleanParagraphs(text) : SourceText.CleanLine(text);

    private void Error(string path, string message) => _errors.Add(new BriefError(null, path, message));

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
