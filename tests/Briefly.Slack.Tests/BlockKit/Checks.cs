using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Briefly.Slack.BlockKit;
using Briefly.Testing;

namespace Briefly.Slack.Tests.BlockKit;

internal static partial class Checks
{
    public static void AllValid(IReadOnlyList<JsonObject> messages)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            var problems = SlackMessageRules.Check(messages[i]);
            Assert.True(problems.Count == 0, $"message {i + 1} of {messages.Count}:\n" + string.Join("\n", problems));
            Assert.Equal(false, (bool?)messages[i]["unfurl_links"]);
            Assert.Equal(false, (bool?)messages[i]["unfurl_media"]);
            Assert.Null(messages[i]["channel"]);
        }
    }

    /// <summary>Every mrkdwn string of the messages (the fallback text included), for escaping assertions.</summary>
    public static IEnumerable<string> MrkdwnTexts(IEnumerable<JsonObject> messages) =>
        messages.SelectMany(m => Walk(m).OfType<JsonObject>()
                .Where(o => (string?)o["type"] == "mrkdwn")
                .Select(o => (string)o["text"]!)
                .Prepend((string)m["text"]!));

    /// <summary>The text with every &lt;url|label&gt; link removed: what must then hold no '&lt;' at all.</summary>
    public static string WithoutLinks(string text) => Link().Replace(text, "");

    public static IEnumerable<JsonNode> Walk(JsonNode? node)
    {
        if (node is null) yield break;
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children)
        foreach (var descendant in Walk(child))
            yield return descendant;
    }

    public static IEnumerable<JsonObject> Buttons(IEnumerable<JsonObject> messages) =>
        messages.SelectMany(m => Walk(m).OfType<JsonObject>().Where(o => (string?)o["type"] == "button"));

    [GeneratedRegex(@"<https?://[^<>|\s]+\|[^<>|]*>")]
    private static partial Regex Link();
}
