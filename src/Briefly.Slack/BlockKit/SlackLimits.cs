using System.Text.Json.Nodes;

namespace Briefly.Slack.BlockKit;

/// <summary>
/// Slack's Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks, and the maxima python-slack-sdk enforces),
/// which the renderers keep to. Lengths are counted in UTF-16 code units, never fewer than Slack's count.
/// </summary>
public static class SlackLimits
{
    public const int MaxBlocks = 50;
    public const int MaxSectionText = 3000;
    public const int MaxTextObject = 3000;
    public const int MaxFields = 10;
    public const int MaxFieldText = 2000;
    public const int MaxHeaderText = 150;
    public const int MaxContextElements = 10;
    public const int MaxActionsElements = 25;
    public const int MaxButtonText = 75;
    public const int MaxButtonUrl = 3000;
    public const int MaxButtonValue = 2000;
    public const int MaxId = 255;

    /// <summary>The notification text must stay under this.</summary>
    public const int FallbackTextBound = 4000;

    /// <summary>
    /// Slack answers msg_blocks_too_long for block sets far below the sum of the per-block limits; this conservative
    /// budget of visible text (every text object and button label) per message keeps well clear of it.
    /// </summary>
    public const int MessageTextBudget = 12000;

    /// <summary>The length of all text a reader sees in the blocks: every text object and button label.</summary>
    public static int VisibleTextLength(JsonNode? node) => node switch
    {
        JsonObject obj => (obj["type"] is JsonValue type && StringOf(type) is "plain_text" or "mrkdwn" && StringOf(obj["text"]) is { } text
            ? text.Length
            : 0) + obj.Sum(p => p.Value is JsonObject or JsonArray ? VisibleTextLength(p.Value) : 0),
        JsonArray array => array.Sum(VisibleTextLength),
        _ => 0,
    };

    private static string? StringOf(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
