using Briefly.Core.Briefs;

namespace Briefly.Testing;

/// <summary>
/// Golden files pin what the renderers write, but the story texts in them come from ../shared, whose prose must not be
/// copied into the repository. Before a golden file is written or compared, each title, summary, why-it-matters and
/// takeaway of the shared briefs is replaced by a token naming it («brief-2026-05-12#3 summary»), as it appears in the
/// output: plain, escaped for Slack mrkdwn, and escaped inside a JSON string.
/// </summary>
public static class SharedText
{
    private static readonly Lazy<List<(string Text, string Token)>> Pieces = new(Load);

    public static string Redact(string printed)
    {
        foreach (var (text, token) in Pieces.Value) printed = printed.Replace(text, token, StringComparison.Ordinal);
        return printed;
    }

    private static List<(string, string)> Load()
    {
        var files = Directory.GetFiles(SharedFiles.DevCorpus, "brief-*.txt").Append(SharedFiles.Seed);
        var pieces = new List<(string Text, string Token)>();
        foreach (var file in files)
        {
            var brief = BriefParser.Parse(File.ReadAllText(file)).Brief;
            if (brief is null) continue;
            var name = Path.GetFileNameWithoutExtension(file);
            for (var i = 0; i < brief.Stories.Count; i++)
            {
                var story = brief.Stories[i];
                pieces.Add((story.Title, $"«{name}#{i + 1} title»"));
                pieces.Add((story.Summary, $"«{name}#{i + 1} summary»"));
                pieces.Add((story.WhyItMatters, $"«{name}#{i + 1} why»"));
            }
            for (var i = 0; i < brief.Takeaways.Count; i++) pieces.Add((brief.Takeaways[i], $"«{name} takeaway {i + 1}»"));
        }
        // Longest first, so a title inside a longer text is not replaced before the text.
        return [.. pieces
            .Where(p => p.Text.Length >= 20)
            .SelectMany(p => Forms(p.Text).Select(form => (form, p.Token)))
            .DistinctBy(p => p.form)
            .OrderByDescending(p => p.form.Length)];
    }

    private static IEnumerable<string> Forms(string text)
    {
        var slack = text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
        foreach (var form in new[] { text, slack }.Distinct())
        {
            yield return form;
            yield return form.Replace("\\", "\\\\").Replace("\"", "\\\"");
        }
    }
}
