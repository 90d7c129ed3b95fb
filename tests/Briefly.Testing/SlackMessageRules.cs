using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Briefly.Slack.BlockKit.SlackLimits;

namespace Briefly.Testing;

/// <summary>
/// Checks a <c>chat.postMessage</c> body against Slack's Block Kit limits (<see cref="Briefly.Slack.BlockKit.SlackLimits"/>)
/// by walking its JSON, independently of how it was built, so a test can hold any message Briefly sends to them.
/// </summary>
public static partial class SlackMessageRules
{
    private static readonly string[] ButtonStyles = ["primary", "danger"];

    /// <summary>Every rule the message breaks, each naming its JSON path; empty when the message is valid.</summary>
    public static IReadOnlyList<string> Check(JsonObject message)
    {
        var problems = new List<string>();
        var text = message["text"];
        if (text is not null)
        {
            if (StringOf(text) is not { } fallback) problems.Add("text: not a string");
            else
            {
                if (fallback.Length >= FallbackTextBound)
                    problems.Add($"text: {N(fallback.Length)} characters, must stay under {N(FallbackTextBound)}");
                CheckEscaping("text", fallback, problems);
            }
        }

        if (message["blocks"] is not JsonArray blocks)
        {
            if (text is null) problems.Add("message: has neither text nor blocks");
            else if (message["blocks"] is not null) problems.Add("blocks: not an array");
            return problems;
        }
        if (text is null) problems.Add("text: missing; Slack uses it for notifications and screen readers");
        if (blocks.Count == 0) problems.Add("blocks: empty");
        if (blocks.Count > MaxBlocks) problems.Add($"blocks: {N(blocks.Count)} blocks, limit {N(MaxBlocks)}");

        var blockIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < blocks.Count; i++)
        {
            var path = $"blocks[{i}]";
            if (blocks[i] is not JsonObject block)
            {
                problems.Add($"{path}: not an object");
                continue;
            }
            if (block["block_id"] is { } idNode)
            {
                var id = StringOf(idNode);
                if (id is null || id.Length == 0) problems.Add($"{path}.block_id: not a non-empty string");
                else
                {
                    Length($"{path}.block_id", id, MaxId, problems);
                    if (!blockIds.Add(id)) problems.Add($"{path}.block_id: '{id}' is used by an earlier block");
                }
            }
            CheckBlock(path, block, problems);
        }

        var visible = VisibleTextLength(blocks);
        if (visible > MessageTextBudget)
            problems.Add($"blocks: {N(visible)} characters of text, budget {N(MessageTextBudget)} (msg_blocks_too_long)");
        return problems;
    }


    private static void CheckBlock(string path, JsonObject block, List<string> problems)
    {
        switch (StringOf(block["type"]))
        {
            case "header":
                if (block["text"] is not JsonObject headerText) problems.Add($"{path}.text: missing");
                else TextObject($"{path}.text", headerText, MaxHeaderText, problems, plainOnly: true);
                break;
            case "section":
                var hasText = block["text"] is not null;
                var hasFields = block["fields"] is not null;
                if (!hasText && !hasFields) problems.Add($"{path}: a section needs text or fields");
                if (hasText)
                {
                    if (block["text"] is JsonObject sectionText) TextObject($"{path}.text", sectionText, MaxSectionText, problems);
                    else problems.Add($"{path}.text: not a text object");
                }
                if (hasFields)
                {
                    if (block["fields"] is not JsonArray fields) problems.Add($"{path}.fields: not an array");
                    else
                    {
                        if (fields.Count == 0) problems.Add($"{path}.fields: empty");
                        if (fields.Count > MaxFields) problems.Add($"{path}.fields: {N(fields.Count)} fields, limit {N(MaxFields)}");
                        for (var f = 0; f < fields.Count; f++)
                        {
                            if (fields[f] is JsonObject field) TextObject($"{path}.fields[{f}]", field, MaxFieldText, problems);
                            else problems.Add($"{path}.fields[{f}]: not a text object");
                        }
                    }
                }
                if (block["accessory"] is { } accessory)
                {
                    if (accessory is JsonObject element) Element($"{path}.accessory", element, problems);
                    else problems.Add($"{path}.accessory: not an object");
                }
                break;
            case "context":
                if (block["elements"] is not JsonArray contextElements || contextElements.Count == 0)
                {
                    problems.Add($"{path}.elements: a context needs 1 to {MaxContextElements} elements");
                    break;
                }
                if (contextElements.Count > MaxContextElements)
                    problems.Add($"{path}.elements: {N(contextElements.Count)} elements, limit {N(MaxContextElements)}");
                for (var e = 0; e < contextElements.Count; e++)
                {
                    var elementPath = $"{path}.elements[{e}]";
                    if (contextElements[e] is not JsonObject contextElement) problems.Add($"{elementPath}: not an object");
                    else if (StringOf(contextElement["type"]) == "image") Image(elementPath, contextElement, problems);
                    else TextObject(elementPath, contextElement, MaxTextObject, problems);
                }
                break;
            case "divider":
                break;
            case "actions":
                if (block["elements"] is not JsonArray actionElements || actionElements.Count == 0)
                {
                    problems.Add($"{path}.elements: an actions block needs 1 to {MaxActionsElements} elements");
                    break;
                }
                if (actionElements.Count > MaxActionsElements)
                    problems.Add($"{path}.elements: {N(actionElements.Count)} elements, limit {N(MaxActionsElements)}");
                var actionIds = new HashSet<string>(StringComparer.Ordinal);
                for (var e = 0; e < actionElements.Count; e++)
                {
                    var elementPath = $"{path}.elements[{e}]";
                    if (actionElements[e] is not JsonObject actionElement)
                    {
                        problems.Add($"{elementPath}: not an object");
                        continue;
                    }
                    Element(elementPath, actionElement, problems);
                    if (StringOf(actionElement["action_id"]) is { } actionId && !actionIds.Add(actionId))
                        problems.Add($"{elementPath}.action_id: '{actionId}' is used by an earlier element of this block");
                }
                break;
            case null:
                problems.Add($"{path}.type: missing");
                break;
            case var other:
                problems.Add($"{path}.type: '{other}' is not a block type this check knows (header, section, context, divider, actions)");
                break;
        }
    }

    private static void Element(string path, JsonObject element, List<string> problems)
    {
        switch (StringOf(element["type"]))
        {
            case "button":
                if (element["text"] is not JsonObject text) problems.Add($"{path}.text: missing");
                else TextObject($"{path}.text", text, MaxButtonText, problems, plainOnly: true);
                OptionalString($"{path}.action_id", element["action_id"], MaxId, problems);
                OptionalString($"{path}.value", element["value"], MaxButtonValue, problems);
                OptionalString($"{path}.url", element["url"], MaxButtonUrl, problems);
                if (element["style"] is { } style && !ButtonStyles.Contains(StringOf(style)))
                    problems.Add($"{path}.style: must be primary or danger");
                if (element["value"] is null && element["url"] is null)
                    problems.Add($"{path}: a button with neither value nor url sends nothing back");
                break;
            case "image":
                Image(path, element, problems);
                break;
            case var other:
                problems.Add($"{path}.type: '{other}' is not an element this check knows (button, image)");
                break;
        }
    }

    private static void Image(string path, JsonObject image, List<string> problems)
    {
        if (StringOf(image["image_url"]) is not { Length: > 0 }) problems.Add($"{path}.image_url: missing");
        else OptionalString($"{path}.image_url", image["image_url"], 3000, problems);
        if (StringOf(image["alt_text"]) is not { Length: > 0 }) problems.Add($"{path}.alt_text: missing");
        else OptionalString($"{path}.alt_text", image["alt_text"], 2000, problems);
    }

    private static void TextObject(string path, JsonObject text, int limit, List<string> problems, bool plainOnly = false)
    {
        var type = StringOf(text["type"]);
        if (type is not ("plain_text" or "mrkdwn"))
        {
            problems.Add($"{path}.type: must be plain_text or mrkdwn");
            return;
        }
        if (plainOnly && type != "plain_text") problems.Add($"{path}.type: must be plain_text");
        if (StringOf(text["text"]) is not { } value)
        {
            problems.Add($"{path}.text: missing");
            return;
        }
        if (value.Length == 0) problems.Add($"{path}.text: empty");
        Length($"{path}.text", value, limit, problems);
        if (type == "mrkdwn") CheckEscaping($"{path}.text", value, problems);
        else if (text["verbatim"] is not null) problems.Add($"{path}.verbatim: only mrkdwn takes verbatim");
    }

    /// <summary>
    /// In mrkdwn '&lt;' may only open a link (&lt;url|label&gt;) or Slack token, and '&amp;' only an entity; anything else is
    /// text that was not escaped. '&gt;' is allowed where it opens a quote at the start of a line.
    /// </summary>
    private static void CheckEscaping(string path, string text, List<string> problems)
    {
        var rest = SlackToken().Replace(text, "");
        var lt = rest.IndexOf('<');
        if (lt >= 0) problems.Add($"{path}: raw '<' at {Around(rest, lt)} outside link syntax");
        var amp = StrayAmpersand().Match(rest);
        if (amp.Success) problems.Add($"{path}: unescaped '&' at {Around(rest, amp.Index)}");
        var gt = StrayGreaterThan().Match(rest);
        if (gt.Success) problems.Add($"{path}: raw '>' at {Around(rest, gt.Index)} (not a quote marker)");
    }

    private static void Length(string path, string value, int limit, List<string> problems)
    {
        if (value.Length > limit) problems.Add($"{path}: {N(value.Length)} characters, limit {N(limit)}");
    }

    private static void OptionalString(string path, JsonNode? node, int limit, List<string> problems)
    {
        if (node is null) return;
        if (StringOf(node) is not { } value) problems.Add($"{path}: not a string");
        else if (value.Length == 0) problems.Add($"{path}: empty");
        else Length(path, value, limit, problems);
    }

    private static string? StringOf(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Around(string text, int index) =>
        $"\"{text.Substring(Math.Max(0, index - 10), Math.Min(text.Length, index + 10) - Math.Max(0, index - 10))}\"";

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A link or Slack token: &lt;https://…|label&gt;, &lt;mailto:…&gt;, &lt;@U123&gt;, &lt;#C123&gt;, &lt;!here&gt;.</summary>
    [GeneratedRegex(@"<(?:https?://|mailto:|[@#!])[^<>|\s]+(?:\|[^<>|]*)?>")]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"&(?!(?:amp|lt|gt);)")]
    private static partial Regex StrayAmpersand();

    [GeneratedRegex(@"(?<!\n)(?<!^)>")]
    private static partial Regex StrayGreaterThan();
}
