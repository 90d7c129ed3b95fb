using System.Globalization;
using System.Text.Json;
using Briefly.Core.Conversations;
using Briefly.Core.Search;

namespace Briefly.Host.Commands;

/// <summary>
/// `ask "&lt;question&gt;" [--json] [--explain]`: answers a question from the stored stories as the bot would; with
/// --explain, says per story why it is there (words matched, closeness in meaning, verdict).
/// </summary>
internal static class AskCommand
{
    public static async Task<int> RunAsync(WebApplication app, IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        var json = words.Contains("--json");
        var explain = words.Contains("--explain");
        var question = string.Join(' ', words.Where(w => w is not ("--json" or "--explain"))).Trim();
        if (question.Length == 0) throw new UsageException("ask needs a question, e.g. ask \"latest on Huawei chips\"");

        await DatabaseReadiness.PrepareAsync(app.Services, migrate: false, cancellationToken);
        await app.Services.GetRequiredService<StoryIndexSync>().RefreshAsync(cancellationToken);
        await using var scope = app.Services.CreateAsyncScope();
        var answers = scope.ServiceProvider.GetRequiredService<StoryAnswers>();
        var today = TimeZones.Today(scope.ServiceProvider.GetRequiredService<TimeProvider>(), null);
        var reply = await answers.AnswerAsync(question, 0, today, new HashSet<string>(), cancellationToken);
        // The same search the answer made, asked again for its reasons: the index gives the same order for the same question.
        var why = explain
            ? app.Services.GetRequiredService<StoryIndex>().Search(TopicQuery.Parse(question), StoryAnswers.PageSize, today, explain: true)
                .Where(h => h.Why is not null).ToDictionary(h => h.StoryId, h => h.Why!)
            : [];

        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(AskResult.From(question, reply, why), AskResult.Json));
            return 0;
        }
        Console.Out.WriteLine(TerminalText.Of(reply, why));
        return 0;
    }
}

/// <summary>The shape `ask --json` prints (other tools read it: keep it).</summary>
internal sealed record AskResult(string Question, string Intent, string? Topic, IReadOnlyList<AskStory> Stories, IReadOnlyList<string> Suggestions)
{
    public static JsonSerializerOptions Json { get; } = new(Briefly.Core.Briefs.StoredBriefs.Json);

    public static AskResult From(string question, Reply reply, IReadOnlyDictionary<long, StoryWhy>? why = null)
    {
        var query = TopicQuery.Parse(question);
        var (stories, suggestions) = reply switch
        {
            AnswerReply answer => (answer.Stories, (IReadOnlyList<string>)[]),
            PeriodReply period => (period.Stories, []),
            BriefReply brief => (brief.Stories, []),
            NoAnswerReply none => ([], [.. none.CloseTopics.Select(t => t.Topic)]),
            NoBriefReply noBrief => ([], [.. noBrief.NearestDates.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))]),
            _ => ((IReadOnlyList<StoryView>)[], (IReadOnlyList<string>)[]),
        };
        // From what the question was taken as: "what's new?" names no day, yet is answered with the newest brief.
        var intent = reply switch
        {
            BriefReply or NoBriefReply => "date",
            HelpReply => "help",
            _ => query.Intent switch
            {
                QueryIntent.Topic => "topic",
                QueryIntent.DateLookup => "date",
                QueryIntent.Period => "period",
                _ => "help",
            },
        };
        return new AskResult(question, intent, query.Topic.Length == 0 ? null : query.Topic,
            [.. stories.Select(s => new AskStory(s.Id, s.Title, s.Source, s.Date, s.Summary, s.WhyItMatters, s.Citations)
                { Why = why?.GetValueOrDefault(s.Id) })], suggestions);
    }
}

internal sealed record AskStory(long Id, string Title, string Source, DateOnly Date, string Summary, string WhyItMatters, IReadOnlyList<string> Citations)
{
    /// <summary>Only with --explain: without it the shape is what other tools read.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public StoryWhy? Why { get; init; }
}

/// <summary>A reply as a terminal shows it: the fallback line, then each story.</summary>
internal static class TerminalText
{
    public static string Of(Reply reply, IReadOnlyDictionary<long, StoryWhy>? why = null)
    {
        var stories = reply switch
        {
            AnswerReply answer => answer.Stories,
            PeriodReply period => period.Stories,
            BriefReply brief => brief.Stories,
            _ => [],
        };
        if (stories.Count == 0) return reply.FallbackText;
        var header = reply switch
        {
            AnswerReply a => $"{a.Total} {(a.Total == 1 ? "story" : "stories")} on {a.Topic}, newest first:",
            PeriodReply p => $"{p.Total} {(p.Total == 1 ? "story" : "stories")} {p.Period}{(p.Topic is null ? "" : $" on {p.Topic}")}:",
            BriefReply b => b.Title,
            _ => "",
        };
        var lines = new List<string> { header, "" };
        foreach (var story in stories)
        {
            lines.Add($"{story.Title}");
            lines.Add($"  {story.Source} · {story.Date:d MMM yyyy}");
            lines.Add($"  {story.Summary}");
            if (story.WhyItMatters.Length > 0) lines.Add($"  Why it matters: {story.WhyItMatters}");
            lines.AddRange(story.Citations.Select(c => $"  {c}"));
            if (why?.GetValueOrDefault(story.Id) is { } reason)
                lines.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"  Why here: {reason.Verdict}, found by {reason.FoundBy}; words [{string.Join(", ", reason.Words)}], focus {reason.Focus:0.00}{(reason.Meaning is { } m ? $", meaning {m:0.000}" : "")}"));
            lines.Add("");
        }
        return string.Join(Environment.NewLine, lines).TrimEnd();
    }
}
