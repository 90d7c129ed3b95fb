using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Briefly.Testing;

/// <summary>
/// Checks cards with the official Adaptive Cards parser and the 1.5 JSON schema through cardcheck
/// (../shared/tools/cardcheck), one node process per batch of cards.
/// </summary>
public static class CardCheck
{
    /// <summary>Where tests/run installs cardcheck (BRIEFLY_CARDCHECK), else this repository's .cache/cardcheck.</summary>
    public static string Home { get; } = Environment.GetEnvironmentVariable("BRIEFLY_CARDCHECK") is { Length: > 0 } home
        ? home
        : RepositoryFiles.Path(".cache", "cardcheck");

    private static string Batch => RepositoryFiles.Path("tests", "Briefly.Testing", "cardcheck-batch.js");

    /// <summary>Every problem cardcheck reports for the cards (errors and warnings alike); empty when all are valid.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<(string Name, JsonObject Card)> cards)
    {
        var script = Path.Combine(Home, "cardcheck.js");
        if (!File.Exists(script) || !File.Exists(Path.Combine(Home, "node_modules", "adaptivecards", "package.json")))
            throw new InvalidOperationException(
                $"cardcheck is not installed at {Home}. Run tests/run (it installs it), or copy ../shared/tools/cardcheck there " +
                "and run `npm ci` in it, or set BRIEFLY_CARDCHECK to an installed copy.");

        var folder = Directory.CreateTempSubdirectory("briefly-cards-");
        try
        {
            var files = new List<string>();
            foreach (var (name, card) in cards)
            {
                var file = Path.Combine(folder.FullName, $"{files.Count:D3}-{name}.json");
                File.WriteAllText(file, card.ToJsonString());
                files.Add(file);
            }
            var results = Run(script, files);
            var problems = new List<string>();
            foreach (var result in results.OfType<JsonObject>())
            {
                var file = Path.GetFileName((string)result["file"]!);
                var report = result["report"] as JsonObject;
                if (report is null)
                {
                    problems.Add($"{file}: cardcheck exited {result["exitCode"]}: {result["stderr"]}");
                    continue;
                }
                foreach (var error in report["parser"]!["errors"]!.AsArray())
                    problems.Add($"{file}: parser error {error!["event"]}: {error["message"]}");
                foreach (var warning in report["parser"]!["warnings"]!.AsArray())
                    problems.Add($"{file}: parser warning {warning!["event"]}: {warning["message"]}");
                foreach (var error in report["schema"]?["errors"]?.AsArray() ?? [])
                {
                    if (error is null) continue;
                    problems.Add($"{file}: schema error at {error["path"]}: {error["message"]} {error["params"]?.ToJsonString()}");
                }
            }
            return problems;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public static void AssertValid(IReadOnlyList<(string Name, JsonObject Card)> cards)
    {
        Assert.NotEmpty(cards);
        var problems = Problems(cards);
        Assert.True(problems.Count == 0, $"{problems.Count} problem(s) in {cards.Count} card(s):\n" + string.Join("\n", problems));
    }

    private static JsonArray Run(string script, List<string> files)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Batch);
        start.ArgumentList.Add(script);
        foreach (var file in files) start.ArgumentList.Add(file);
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        if (!node.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException("cardcheck did not finish in 5 minutes");
        }
        if (node.ExitCode != 0) throw new InvalidOperationException($"cardcheck-batch.js exited {node.ExitCode}: {stderr.Result}");
        return JsonNode.Parse(stdout.Result)?.AsArray() ?? throw new JsonException("cardcheck-batch.js printed no report");
    }
}
