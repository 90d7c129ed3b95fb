using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Briefly.Testing;

namespace Briefly.Slack.Tests.BlockKit;

/// <summary>Compares rendered messages with Golden/&lt;name&gt;.json; BRIEFLY_UPDATE_GOLDEN=1 rewrites the files instead.</summary>
internal static class Golden
{
    private static readonly JsonSerializerOptions Pretty = new()
    {
        WriteIndented = true,
        // Readable files: CJK, emoji and the mrkdwn entities stay as written; the JSON itself is still exact.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Directory => RepositoryFiles.Path("tests", "Briefly.Slack.Tests", "BlockKit", "Golden");

    public static string Print(IReadOnlyList<JsonObject> messages) =>
        SharedText.Redact(new JsonArray([.. messages.Select(m => m.DeepClone())]).ToJsonString(Pretty) + "\n");

    public static void Verify(string name, IReadOnlyList<JsonObject> messages)
    {
        var path = Path.Combine(Directory, name + ".json");
        var actual = Print(messages);
        if (Environment.GetEnvironmentVariable("BRIEFLY_UPDATE_GOLDEN") == "1")
        {
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"{path} is missing; run the tests once with BRIEFLY_UPDATE_GOLDEN=1 and review the file.");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n");
        Assert.True(expected == actual, $"{name}: the rendered messages differ from {path}; if the change is intended, rerun with BRIEFLY_UPDATE_GOLDEN=1 and review the diff.\n{FirstDifference(expected, actual)}");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "<end>";
            var a = i < actualLines.Length ? actualLines[i] : "<end>";
            if (e != a) return $"line {i + 1}:\n  expected: {e}\n  actual:   {a}";
        }
        return "";
    }
}
