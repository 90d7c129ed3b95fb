using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Briefly.Teams.Tests;

/// <summary>Recorded Teams activities from ../shared/reference/teams, read in place.</summary>
internal static partial class TeamsPayloads
{
    public const string PersonalMessage = "msteams-docs_message_personal_v3-full-inbound.json";
    public const string ChannelMention = "teams-net_message_channel_mention.json";
    public const string ActionExecute = "teams-net_invoke-adaptiveCard-action_Action.Execute_personal.json";
    public const string BotAddedToTeam = "msteams-docs_conversationUpdate_bot-added-to-team.json";
    public const string MemberRemoved = "msteams-docs_conversationUpdate_teamMemberRemoved.json";

    private static readonly Lazy<string> Directory = new(FindDirectory);

    /// <summary>
    /// The recorded activity with only its serviceUrl replaced, so the bot replies to a connector the test runs.
    /// Everything else stays byte for byte as recorded (including Teams' \u003C escapes).
    /// </summary>
    public static RecordedActivity Load(string fileName, Uri serviceUrl)
    {
        var original = File.ReadAllText(Path.Combine(Directory.Value, fileName));
        var matches = ServiceUrlProperty().Matches(original);
        Assert.Single(matches);
        var json = ServiceUrlProperty().Replace(original, m => $"{m.Groups["name"].Value}\"{serviceUrl}\"", 1);
        return new RecordedActivity(json, JsonNode.Parse(json)!.AsObject());
    }

    private static string FindDirectory()
    {
        var root = Environment.GetEnvironmentVariable("BRIEFLY_SHARED");
        if (string.IsNullOrEmpty(root))
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (System.IO.Directory.Exists(Path.Combine(dir.FullName, "shared", "reference", "teams")))
                {
                    root = Path.Combine(dir.FullName, "shared");
                    break;
                }
            }
        }

        return root is not null
            ? Path.Combine(root, "reference", "teams")
            : throw new DirectoryNotFoundException("../shared was not found above the test binaries; set BRIEFLY_SHARED to its path.");
    }

    [GeneratedRegex("(?<name>\"serviceUrl\"\\s*:\\s*)\"[^\"]*\"")]
    private static partial Regex ServiceUrlProperty();
}

internal sealed record RecordedActivity(string Json, JsonObject Node)
{
    /// <summary>The recording with one change (a different text, a button's data), everything else as recorded.</summary>
    public RecordedActivity With(Action<JsonObject> change)
    {
        var node = JsonNode.Parse(Json)!.AsObject();
        change(node);
        return new RecordedActivity(node.ToJsonString(), node);
    }

    public string Id => (string)Node["id"]!;

    public string ConversationId => (string)Node["conversation"]!["id"]!;
}
