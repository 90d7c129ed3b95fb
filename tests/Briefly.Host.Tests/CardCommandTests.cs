using System.Text.Json.Nodes;
using Briefly.Data;
using Briefly.Slack.BlockKit;
using Briefly.Testing;

namespace Briefly.Host.Tests;

/// <summary>`card` prints the exact payloads the bot would send; each one passes its platform's checks.</summary>
public class CardCommandTests
{
    [Fact]
    public async Task Every_kind_prints_valid_payloads_for_both_platforms()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        await BrieflyProcess.RunAsync(database, work.Path, ["ingest", SharedFiles.Seed, .. Directory.GetFiles(SharedFiles.DevCorpus, "brief-*.txt")]);

        string[][] commands =
        [
            ["brief", "--date", "2026-04-29"],
            ["brief"],
            ["answer", "--question", "latest on Huawei chips"],
            ["answer", "--question", "any news on quantum computing?"],
            ["help"],
            ["topics", "--date", "2026-05-19"],
            ["alert", "--date", "2026-05-19", "--question", "Huawei chips"],
            ["digest", "--date", "2026-05-19"],
        ];
        var teamsCards = new List<(string, JsonObject)>();
        foreach (var command in commands)
        {
            foreach (var platform in new[] { "teams", "slack" })
            {
                var result = await BrieflyProcess.RunAsync(database, work.Path, ["card", .. command, "--platform", platform]);
                Assert.True(result.ExitCode == 0, $"card {string.Join(' ', command)} --platform {platform}: {result.Errors}");
                var payloads = JsonNode.Parse(result.Output)!.AsArray().Select(p => p!.AsObject()).ToList();
                Assert.NotEmpty(payloads);
                if (platform == "teams")
                {
                    Assert.All(payloads, card => Assert.Equal("AdaptiveCard", card["type"]!.GetValue<string>()));
                    teamsCards.AddRange(payloads.Select((card, i) => ($"{string.Join('-', command)}-{i}", card)));
                }
                else
                {
                    Assert.All(payloads, message => Assert.Empty(SlackMessageRules.Check(message)));
                    Assert.All(payloads, message => Assert.Null(message["channel"]));
                }
            }
        }
        CardCheck.AssertValid(teamsCards);
    }

    [Fact]
    public async Task A_star_in_a_title_keeps_the_Slack_bold_whole_and_direction_overrides_are_not_stored()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        // A right-to-left override written as a character in a title, and as JSON escapes in a source and a citation.
        const char rightToLeftOverride = '\u202E';
        var brief = $$"""
            {"title":"Daily Brief {{rightToLeftOverride}}3202 yaM 4","date":"2026-05-04","stories":[
              {"title":"Qwen*2 beats *GPT* on cost","source":"Reuters\u202Egnp.exe","summary":"Prices fell.","whyItMatters":"Cost matters.",
               "citations":["https://example.test/a\u2066b"]}]}
            """;
        var ingested = await BrieflyProcess.RunAsync(database, work.Path, "ingest", work.File("brief.json", brief));
        Assert.True(ingested.ExitCode == 0, ingested.Errors);

        var stored = JsonNode.Parse((await BrieflyProcess.RunAsync(database, work.Path, "briefs", "--json")).Output)!.AsArray().Single()!;
        Assert.Equal("Daily Brief 3202 yaM 4", (string?)stored["title"]);
        Assert.Equal("Reutersgnp.exe", (string?)stored["stories"]![0]!["source"]);
        Assert.Equal("https://example.test/ab", (string?)stored["stories"]![0]!["citations"]![0]);

        var slack = await BrieflyProcess.RunAsync(database, work.Path, "card", "brief", "--platform", "slack");
        Assert.True(slack.ExitCode == 0, slack.Errors);
        var payloads = JsonNode.Parse(slack.Output)!.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("*Qwen＊2 beats ＊GPT＊ on cost*", payloads);
    }

    [Fact]
    public async Task A_missing_platform_or_an_unknown_kind_is_a_usage_error()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();

        var noPlatform = await BrieflyProcess.RunAsync(database, work.Path, "card", "brief");
        Assert.Equal(2, noPlatform.ExitCode);
        Assert.Contains("--platform teams or --platform slack", noPlatform.Errors);

        var kind = await BrieflyProcess.RunAsync(database, work.Path, "card", "poster", "--platform", "slack");
        Assert.Equal(2, kind.ExitCode);
        Assert.Contains("not 'poster'", kind.Errors);
    }
}
