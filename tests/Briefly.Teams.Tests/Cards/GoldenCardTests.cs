using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Briefly.Teams.Cards;
using Briefly.Testing;

namespace Briefly.Teams.Tests.Cards;

/// <summary>
/// Each message kind rendered from the seed brief and the dev corpus, compared with Cards/Golden/&lt;name&gt;.json.
/// Set BRIEFLY_UPDATE_GOLDEN=1 to write the files instead, then review the diff.
/// </summary>
public sealed class GoldenCardTests
{
    private static readonly JsonSerializerOptions Readable = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        // Readable CJK and quotes in the files; what is sent is the renderer's own serialization.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static TheoryData<string> Names => [.. CardFixtures.GoldenCases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Card_matches_its_golden_file(string name)
    {
        var reply = CardFixtures.GoldenCases.Single(c => c.Name == name).Reply;
        var actual = SharedText.Redact(new JsonArray([.. AdaptiveCardRenderer.Render(reply)]).ToJsonString(Readable).Replace("\r\n", "\n") + "\n");
        var file = RepositoryFiles.Path("tests", "Briefly.Teams.Tests", "Cards", "Golden", name + ".json");

        if (Environment.GetEnvironmentVariable("BRIEFLY_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, actual);
            return;
        }
        Assert.True(File.Exists(file), $"{file} is missing: run the tests once with BRIEFLY_UPDATE_GOLDEN=1 and review it.");
        Assert.Equal(File.ReadAllText(file).Replace("\r\n", "\n"), actual);
    }

    [Fact]
    public void Every_golden_card_passes_the_official_parser_and_the_1_5_schema()
    {
        var cards = CardFixtures.GoldenCases
            .SelectMany(c => AdaptiveCardRenderer.Render(c.Reply).Select((card, i) => (Name: $"{c.Name}-{i + 1}", Card: card)))
            .ToList();
        CardCheck.AssertValid(cards);
    }

    [Fact]
    public void Every_dev_corpus_brief_renders_to_valid_cards_with_every_story()
    {
        var cards = new List<(string Name, JsonObject Card)>();
        foreach (var (name, _) in CardFixtures.DevDocuments)
        {
            var reply = CardFixtures.DevBrief(name);
            var rendered = AdaptiveCardRenderer.Render(reply);
            var texts = rendered.SelectMany(CardJsonWalk.Texts).ToList();
            foreach (var story in reply.Stories)
                Assert.Contains(story.Title, texts);
            foreach (var takeaway in reply.Takeaways)
                Assert.Contains(takeaway, texts);
            cards.AddRange(rendered.Select((card, i) => ($"{name}-{i + 1}", card)));
        }
        CardCheck.AssertValid(cards);
    }
}
