using System.Text;
using System.Text.Json.Nodes;

namespace Briefly.Teams.Tests.Cards;

/// <summary>Reads rendered cards back: their texts and actions in document order, and their size as sent.</summary>
internal static class CardJsonWalk
{
    /// <summary>Every TextBlock and TextRun text, in order, including nested (show-card) cards.</summary>
    public static IEnumerable<string> Texts(JsonNode? node) =>
        Objects(node).Where(o => (string?)o["type"] is "TextBlock" or "TextRun").Select(o => (string)o["text"]!);

    /// <summary>Every action, including select actions, fallbacks and the actions of nested cards.</summary>
    public static IEnumerable<JsonObject> Actions(JsonNode? node) =>
        Objects(node).Where(o => ((string?)o["type"])?.StartsWith("Action.", StringComparison.Ordinal) == true);

    public static IEnumerable<JsonObject> Objects(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return obj;
                foreach (var (_, value) in obj)
                    foreach (var inner in Objects(value)) yield return inner;
                break;
            case JsonArray array:
                foreach (var item in array)
                    foreach (var inner in Objects(item)) yield return inner;
                break;
        }
    }

    /// <summary>UTF-8 bytes of the compact JSON with the default (strictest) escaping, the largest form of the card.</summary>
    public static int Size(JsonObject card) => Encoding.UTF8.GetByteCount(card.ToJsonString());
}
