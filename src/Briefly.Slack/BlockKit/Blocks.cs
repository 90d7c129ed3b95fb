using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Briefly.Slack.BlockKit;

// The subset of Block Kit Briefly sends, as typed records; System.Text.Json writes the wire form.
// https://docs.slack.dev/reference/block-kit/blocks  https://docs.slack.dev/reference/block-kit/composition-objects/text-object

/// <summary>A text object. Properties that hold one are typed as this base so the serializer writes its "type".</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(PlainText), "plain_text")]
[JsonDerivedType(typeof(MrkdwnText), "mrkdwn")]
public abstract record TextObject(string Text);

/// <summary>Shown as written: Slack parses no markup, links or mentions in it, so it is not escaped.</summary>
public sealed record PlainText(string Text) : TextObject(Text)
{
    [JsonPropertyOrder(1)]
    public bool Emoji { get; init; } = true;
}

/// <summary>Slack mrkdwn: the text must already be escaped (see <see cref="Mrkdwn"/>).</summary>
public sealed record MrkdwnText(string Text) : TextObject(Text);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ButtonElement), "button")]
public abstract record BlockElement;

/// <summary>https://docs.slack.dev/reference/block-kit/block-elements/button-element</summary>
/// <param name="Value">The command text the button sends back (a <c>ReplyActions</c> text).</param>
/// <param name="Style">"primary", "danger" or none.</param>
public sealed record ButtonElement(TextObject Text, string ActionId, string? Value = null, string? Url = null, string? Style = null) : BlockElement;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HeaderBlock), "header")]
[JsonDerivedType(typeof(SectionBlock), "section")]
[JsonDerivedType(typeof(ContextBlock), "context")]
[JsonDerivedType(typeof(DividerBlock), "divider")]
[JsonDerivedType(typeof(ActionsBlock), "actions")]
public abstract record Block
{
    public string? BlockId { get; init; }
}

public sealed record HeaderBlock(TextObject Text) : Block;

public sealed record SectionBlock(TextObject? Text, IReadOnlyList<TextObject>? Fields = null, BlockElement? Accessory = null) : Block;

public sealed record ContextBlock(IReadOnlyList<TextObject> Elements) : Block;

public sealed record DividerBlock : Block;

public sealed record ActionsBlock(IReadOnlyList<BlockElement> Elements) : Block;

/// <summary>A <c>chat.postMessage</c> body without the channel. Unfurls are off: the citations would each open a preview.</summary>
public sealed record SlackMessage(string Text, IReadOnlyList<Block> Blocks)
{
    public bool UnfurlLinks => false;

    public bool UnfurlMedia => false;
}

internal static class BlockJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static JsonObject ToJson(SlackMessage message) => JsonSerializer.SerializeToNode(message, Options)!.AsObject();

    public static JsonObject ToJson(Block block) => JsonSerializer.SerializeToNode(block, Options)!.AsObject();
}
