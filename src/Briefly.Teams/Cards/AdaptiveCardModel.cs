using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Briefly.Teams.Cards;

// The subset of the Adaptive Card 1.5 schema Briefly uses, as typed records: the serializer writes every string, so
// story text never meets string concatenation. https://adaptivecards.io/explorer/

/// <summary>An Adaptive Card, top level or nested in <see cref="ShowCardAction"/> (a nested card omits schema and version).</summary>
internal sealed record AdaptiveCard
{
    public string Type { get; } = "AdaptiveCard";

    [JsonPropertyName("$schema")]
    public string? Schema { get; init; } = "http://adaptivecards.io/schemas/adaptive-card.json";

    public string? Version { get; init; } = "1.5";

    public string? FallbackText { get; init; }

    public IReadOnlyList<CardElement> Body { get; init; } = [];

    public IReadOnlyList<CardAction>? Actions { get; init; }

    public static AdaptiveCard Nested(IReadOnlyList<CardElement> body, IReadOnlyList<CardAction>? actions = null) =>
        new() { Schema = null, Version = null, Body = body, Actions = actions };
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(RichTextBlock), "RichTextBlock")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(ColumnSet), "ColumnSet")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
internal abstract record CardElement
{
    public string? Id { get; init; }

    public Spacing? Spacing { get; init; }

    public bool? Separator { get; init; }

    public bool? IsVisible { get; init; }
}

/// <summary>Text the bot writes itself: Teams reads it as Markdown, so story text goes in <see cref="RichTextBlock"/> instead.</summary>
internal sealed record TextBlock(string Text) : CardElement
{
    public TextSize? Size { get; init; }

    public TextWeight? Weight { get; init; }

    public TextColor? Color { get; init; }

    public bool? IsSubtle { get; init; }

    public bool? Wrap { get; init; } = true;

    public int? MaxLines { get; init; }

    public HorizontalAlignment? HorizontalAlignment { get; init; }
}

/// <summary>Text shown exactly as given: text runs are never Markdown, so a story's "*", "_" or "[x](y)" stays literal.</summary>
internal sealed record RichTextBlock(IReadOnlyList<TextRun> Inlines) : CardElement
{
    public HorizontalAlignment? HorizontalAlignment { get; init; }
}

internal sealed record TextRun(string Text)
{
    public string Type { get; } = "TextRun";

    public TextSize? Size { get; init; }

    public TextWeight? Weight { get; init; }

    public TextColor? Color { get; init; }

    public bool? IsSubtle { get; init; }

    public bool? Italic { get; init; }

    public FontType? FontType { get; init; }

    public CardAction? SelectAction { get; init; }
}

internal sealed record Container(IReadOnlyList<CardElement> Items) : CardElement
{
    public ContainerStyle? Style { get; init; }

    public bool? Bleed { get; init; }

    public CardAction? SelectAction { get; init; }
}

internal sealed record ColumnSet(IReadOnlyList<Column> Columns) : CardElement
{
    public ContainerStyle? Style { get; init; }

    public bool? Bleed { get; init; }
}

/// <param name="Width">"auto", "stretch" or a relative weight such as "1".</param>
internal sealed record Column(IReadOnlyList<CardElement> Items, string Width)
{
    public string Type { get; } = "Column";

    public Spacing? Spacing { get; init; }

    public VerticalAlignment? VerticalContentAlignment { get; init; }
}

internal sealed record FactSet(IReadOnlyList<Fact> Facts) : CardElement;

internal sealed record Fact(string Title, string Value);

internal sealed record ActionSet(IReadOnlyList<CardAction> Actions) : CardElement;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(OpenUrlAction), "Action.OpenUrl")]
[JsonDerivedType(typeof(SubmitAction), "Action.Submit")]
[JsonDerivedType(typeof(ExecuteAction), "Action.Execute")]
[JsonDerivedType(typeof(ToggleVisibilityAction), "Action.ToggleVisibility")]
[JsonDerivedType(typeof(ShowCardAction), "Action.ShowCard")]
internal abstract record CardAction
{
    public string? Title { get; init; }

    public ActionStyle? Style { get; init; }

    public string? Tooltip { get; init; }

    /// <summary>False shows the button greyed out (card schema 1.5), as a Follow button reads once the topic is followed.</summary>
    public bool? IsEnabled { get; init; }
}

internal sealed record OpenUrlAction(string Url) : CardAction;

/// <summary>What the bot receives back: <c>{ "command": "subscribe Huawei" }</c>, handled like typed text.</summary>
internal sealed record SubmitAction(IReadOnlyDictionary<string, string> Data) : CardAction;

/// <summary>
/// A Universal Action (Teams sends an adaptiveCard/action invoke); clients before 1.4 use the Submit fallback.
/// https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/overview
/// </summary>
internal sealed record ExecuteAction(string Verb, IReadOnlyDictionary<string, string> Data) : CardAction
{
    /// <summary>Typed as the base so the serializer writes its "type".</summary>
    public CardAction? Fallback { get; init; }
}

internal sealed record ToggleVisibilityAction(IReadOnlyList<string> TargetElements) : CardAction;

internal sealed record ShowCardAction(AdaptiveCard Card) : CardAction;

internal enum Spacing { None, Small, Default, Medium, Large, ExtraLarge, Padding }

internal enum TextSize { Small, Default, Medium, Large, ExtraLarge }

internal enum TextWeight { Lighter, Default, Bolder }

internal enum TextColor { Default, Dark, Light, Accent, Good, Warning, Attention }

internal enum FontType { Default, Monospace }

internal enum ContainerStyle { Default, Emphasis, Good, Attention, Warning, Accent }

internal enum HorizontalAlignment { Left, Center, Right }

internal enum VerticalAlignment { Top, Center, Bottom }

internal enum ActionStyle { Default, Positive, Destructive }

internal static class CardJson
{
    /// <summary>
    /// The default encoder escapes every non-ASCII character (a CJK character becomes six bytes, not three), so a size
    /// measured with it is the largest any serializer of these cards produces.
    /// </summary>
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.Default,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static int Utf8Size(AdaptiveCard card) => JsonSerializer.SerializeToUtf8Bytes(card, Options).Length;

    public static JsonObject ToNode(AdaptiveCard card) => JsonSerializer.SerializeToNode(card, Options)!.AsObject();
}
