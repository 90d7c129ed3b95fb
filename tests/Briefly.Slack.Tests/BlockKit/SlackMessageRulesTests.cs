using System.Text.Json.Nodes;
using Briefly.Slack.BlockKit;
using Briefly.Testing;

namespace Briefly.Slack.Tests.BlockKit;

/// <summary>The checker itself, on hand-made messages, so the renderer's tests cannot pass because it checks nothing.</summary>
public sealed class SlackMessageRulesTests
{
    private static JsonObject Plain(string text) => new() { ["type"] = "plain_text", ["text"] = text };

    private static JsonObject Md(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    private static JsonObject Section(string text) => new() { ["type"] = "section", ["text"] = Md(text) };

    private static JsonObject Button(string text = "Go", string actionId = "go", string? value = "go", string? url = null)
    {
        var button = new JsonObject { ["type"] = "button", ["text"] = Plain(text), ["action_id"] = actionId };
        if (value is not null) button["value"] = value;
        if (url is not null) button["url"] = url;
        return button;
    }

    private static JsonObject Message(params JsonObject[] blocks) =>
        new() { ["text"] = "fallback", ["blocks"] = new JsonArray([.. blocks]), ["unfurl_links"] = false, ["unfurl_media"] = false };

    private static JsonObject Actions(params JsonObject[] elements) => new() { ["type"] = "actions", ["elements"] = new JsonArray([.. elements]) };

    private static JsonObject Context(int count) =>
        new() { ["type"] = "context", ["elements"] = new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)Md($"e{i}"))]) };

    [Fact]
    public void A_valid_message_has_no_problems()
    {
        var message = Message(
            new JsonObject { ["type"] = "header", ["text"] = Plain(new string('h', 150)) },
            Section(new string('s', 3000)),
            new JsonObject { ["type"] = "section", ["fields"] = new JsonArray([.. Enumerable.Range(0, 10).Select(_ => (JsonNode)Md(new string('f', 400)))]) },
            Context(10),
            new JsonObject { ["type"] = "divider", ["block_id"] = new string('b', 255) },
            Actions([.. Enumerable.Range(0, 25).Select(i => Button(new string('t', 75), $"a{i}", new string('v', 2000)))]),
            Section("> quoted &amp; <https://example.com/x?a=1&amp;b=2|label &lt;x&gt;> and <@U123>"));

        Assert.Empty(SlackMessageRules.Check(message));
    }

    public static TheoryData<string, JsonObject, string> Violations() => new()
    {
        { "51 blocks", Message([.. Enumerable.Range(0, 51).Select(_ => new JsonObject { ["type"] = "divider" })]), "blocks: 51 blocks, limit 50" },
        { "section text", Message(Section("ok"), Section(new string('s', 3412))), "blocks[1].text.text: 3,412 characters, limit 3,000" },
        { "header text", Message(new JsonObject { ["type"] = "header", ["text"] = Plain(new string('h', 151)) }), "blocks[0].text.text: 151 characters, limit 150" },
        { "header mrkdwn", Message(new JsonObject { ["type"] = "header", ["text"] = Md("h") }), "blocks[0].text.type: must be plain_text" },
        { "11 fields", Message(new JsonObject { ["type"] = "section", ["fields"] = new JsonArray([.. Enumerable.Range(0, 11).Select(_ => (JsonNode)Md("f"))]) }), "blocks[0].fields: 11 fields, limit 10" },
        { "field text", Message(new JsonObject { ["type"] = "section", ["fields"] = new JsonArray(Md(new string('f', 2001))) }), "blocks[0].fields[0].text: 2,001 characters, limit 2,000" },
        { "empty section", Message(new JsonObject { ["type"] = "section" }), "blocks[0]: a section needs text or fields" },
        { "11 context elements", Message(Context(11)), "blocks[0].elements: 11 elements, limit 10" },
        { "26 actions", Message(Actions([.. Enumerable.Range(0, 26).Select(i => Button(actionId: $"a{i}"))])), "blocks[0].elements: 26 elements, limit 25" },
        { "button text", Message(Actions(Button(new string('t', 76)))), "blocks[0].elements[0].text.text: 76 characters, limit 75" },
        { "button value", Message(Actions(Button(value: new string('v', 2001)))), "blocks[0].elements[0].value: 2,001 characters, limit 2,000" },
        { "button url", Message(Actions(Button(value: null, url: "https://e.com/" + new string('u', 2990)))), "blocks[0].elements[0].url: 3,004 characters, limit 3,000" },
        { "action_id", Message(Actions(Button(actionId: new string('a', 256)))), "blocks[0].elements[0].action_id: 256 characters, limit 255" },
        { "duplicate action_id", Message(Actions(Button(actionId: "same"), Button(actionId: "same"))), "blocks[0].elements[1].action_id: 'same' is used by an earlier element of this block" },
        { "button sends nothing", Message(Actions(Button(value: null))), "blocks[0].elements[0]: a button with neither value nor url sends nothing back" },
        { "accessory button text", Message(new JsonObject { ["type"] = "section", ["text"] = Md("x"), ["accessory"] = Button(new string('t', 80)) }), "blocks[0].accessory.text.text: 80 characters, limit 75" },
        { "block_id", Message(new JsonObject { ["type"] = "divider", ["block_id"] = new string('b', 256) }), "blocks[0].block_id: 256 characters, limit 255" },
        { "duplicate block_id", Message(new JsonObject { ["type"] = "divider", ["block_id"] = "x" }, new JsonObject { ["type"] = "divider", ["block_id"] = "x" }), "blocks[1].block_id: 'x' is used by an earlier block" },
        { "unknown block", Message(new JsonObject { ["type"] = "carousel" }), "blocks[0].type: 'carousel' is not a block type this check knows (header, section, context, divider, actions)" },
        { "fallback length", new JsonObject { ["text"] = new string('t', 4000), ["blocks"] = new JsonArray(Section("x")) }, "text: 4,000 characters, must stay under 4,000" },
        { "raw <", Message(Section("a <b> c")), "blocks[0].text.text: raw '<' at \"a <b> c\" outside link syntax" },
        { "raw &", Message(Section("R&D")), "blocks[0].text.text: unescaped '&' at \"R&D\"" },
        { "raw >", Message(Section("a > b")), "blocks[0].text.text: raw '>' at \"a > b\" (not a quote marker)" },
        { "raw < in fallback", new JsonObject { ["text"] = "a <b", ["blocks"] = new JsonArray(Section("x")) }, "text: raw '<' at \"a <b\" outside link syntax" },
        { "text budget", Message([.. Enumerable.Range(0, 5).Select(_ => Section(new string('s', 2500)))]), "blocks: 12,500 characters of text, budget 12,000 (msg_blocks_too_long)" },
        { "no text", new JsonObject { ["blocks"] = new JsonArray(Section("x")) }, "text: missing; Slack uses it for notifications and screen readers" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void Each_broken_rule_is_named_with_its_path(string rule, JsonObject message, string expected)
    {
        var problems = SlackMessageRules.Check(message);

        Assert.True(problems.Contains(expected), $"{rule}: expected \"{expected}\" among:\n{string.Join("\n", problems)}");
    }

    [Fact]
    public void Visible_text_counts_text_objects_and_button_labels_only()
    {
        var message = Message(Section("12345"), Actions(Button("abc", value: new string('v', 1000))));

        Assert.Equal(8, SlackLimits.VisibleTextLength(message["blocks"]));
    }
}
