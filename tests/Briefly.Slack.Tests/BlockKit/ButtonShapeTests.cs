using System.Text.Json.Nodes;
using Briefly.Core.Conversations;
using Briefly.Slack.BlockKit;
using Briefly.Testing;

namespace Briefly.Slack.Tests.BlockKit;

/// <summary>Our buttons against what Slack posts back when one is pressed (a recorded block_actions payload).</summary>
public sealed class ButtonShapeTests
{
    private static readonly JsonObject RecordedAction =
        JsonNode.Parse(File.ReadAllText(SharedFiles.Reference("slack", "bolt-python_block_actions_payload.json")))!["actions"]![0]!.AsObject();

    private static IReadOnlyList<JsonObject> AllButtons { get; } =
        [.. Checks.Buttons(SampleReplies.All.Values.SelectMany(BlockKitRenderer.Render))];

    [Fact]
    public void Rendered_buttons_have_the_fields_slack_echoes_back_with_the_same_types()
    {
        Assert.NotEmpty(AllButtons);
        // Slack adds block_id and action_ts itself; the rest of the action it sends is the button we rendered.
        var echoed = RecordedAction.Select(p => p.Key).Except(["block_id", "action_ts"]).ToHashSet();
        Assert.Equal(["action_id", "text", "type", "value"], echoed.Order());
        var recordedText = RecordedAction["text"]!.AsObject();

        foreach (var button in AllButtons)
        {
            Assert.Superset(echoed, button.Select(p => p.Key).ToHashSet());
            Assert.Subset(new HashSet<string> { "type", "text", "action_id", "value", "style", "url" }, button.Select(p => p.Key).ToHashSet());
            Assert.Equal((string?)RecordedAction["type"], (string?)button["type"]);
            Assert.Equal(RecordedAction["action_id"]!.GetValueKind(), button["action_id"]!.GetValueKind());
            Assert.Equal(RecordedAction["value"]!.GetValueKind(), button["value"]!.GetValueKind());
            var text = button["text"]!.AsObject();
            Assert.Equal(recordedText.Select(p => p.Key).Order(), text.Select(p => p.Key).Order());
            Assert.Equal((string?)recordedText["type"], (string?)text["type"]);
            Assert.Equal(recordedText["emoji"]!.GetValueKind(), text["emoji"]!.GetValueKind());
        }
    }

    [Fact]
    public void A_buttons_value_is_the_command_its_action_id_names_so_a_press_is_handled_like_typed_text()
    {
        foreach (var button in AllButtons)
        {
            var actionId = ((string)button["action_id"]!).Split('-')[0];
            var value = (string)button["value"]!;
            var command = MessageParser.Parse(value);
            Assert.True(actionId switch
            {
                SlackActionIds.Subscribe => command is Command.Subscribe,
                SlackActionIds.Unsubscribe => command is Command.Unsubscribe,
                SlackActionIds.More => command is Command.More { QuestionText: not null },
                SlackActionIds.Following => command is Command.Topics,
                SlackActionIds.Topics => command is Command.Topics,
                SlackActionIds.Settings => command is Command.Settings,
                SlackActionIds.Schedule => command is Command.SetSchedule,
                SlackActionIds.Resume => command is Command.Resume,
                SlackActionIds.Help => command is Command.Help,
                SlackActionIds.BriefFor => value.StartsWith("brief for ", StringComparison.Ordinal),
                SlackActionIds.Ask => value.Length > 0,
                _ => false,
            }, $"{actionId} sends \"{value}\", read as {command.GetType().Name}");
        }
        Assert.Contains(AllButtons, b => (string?)b["value"] == ReplyActions.Subscribe("Huawei"));
        Assert.Contains(AllButtons, b => (string?)b["value"] == Paging.Words("latest on Huawei chips", 3));
        Assert.Contains(AllButtons, b => (string?)b["value"] == "schedule 08:00 Asia/Shanghai weekdays");
        Assert.Contains(AllButtons, b => (string?)b["value"] == ReplyActions.ScheduleOff);
        Assert.Contains(AllButtons, b => (string?)b["value"] == ReplyActions.BriefFor(new DateOnly(2026, 4, 28)));
    }

    [Fact]
    public void Each_message_offers_exactly_the_buttons_the_core_decided_in_their_order()
    {
        foreach (var (name, reply) in SampleReplies.All)
        {
            var rendered = Checks.Buttons(BlockKitRenderer.Render(reply)).Select(b => ((string?)b["text"]!["text"], (string?)b["value"])).ToList();
            var decided = reply.AllActions.Select(a => ((string?)a.Label, (string?)a.Command)).ToList();
            Assert.True(decided.SequenceEqual(rendered), $"{name}: core {string.Join(" | ", decided)}; Slack {string.Join(" | ", rendered)}");
        }
    }

    [Fact]
    public void A_20_KB_question_renders_valid_messages_whose_buttons_stay_within_slacks_limits()
    {
        var question = "latest on " + string.Join(' ', Enumerable.Repeat("Huawei chips", 2000));
        var bounded = Paging.BoundQuestion(question);
        var topic = Paging.BoundTopic(question["latest on ".Length..]);
        var all = SampleReplies.CorpusStories.Where(s => s.Title.Contains("Huawei", StringComparison.OrdinalIgnoreCase)).ToList();
        Reply[] replies =
        [
            new AnswerReply(bounded, topic, [.. all.Take(5)], 0, all.Count, Following: false),
            new NoAnswerReply(bounded, topic, [new("Huawei", 3)], Following: false),
            new SubscribedReply(topic, AlreadyFollowing: false, 3, Data.Entities.AlertMode.Instant),
        ];

        foreach (var reply in replies)
        {
            var messages = BlockKitRenderer.Render(reply);
            Checks.AllValid(messages);
            // Every button the core offers is there: none was dropped for being too long.
            Assert.Equal(reply.AllActions.Count(), Checks.Buttons(messages).Count());
        }
    }
}
