using System.Text.Json;
using Briefly.Core.Conversations;
using Briefly.Core.Search;

namespace Briefly.Host.Commands;

/// <summary>`ask "&lt;question&gt;" [--json]`: answers a question from the stored stories as the bot would.</summary>
internal static class AskCommand
{
    public static async Task<int> RunAsync(WebApplication app, IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        var json = words.Contains("--json");
        var question = string.Join(' ', words.Where(w => w != "--json")).Trim();
        if (question.Length == 0) throw new UsageException("ask needs a question, e.g. ask \"latest on Huawei chips\"");

        await Database.PrepareAsync(app.Services, cancellationToken);
        await app.Services.GetRequiredService<StoryIndexSync>().RefreshAsync(cancellationToken);
        await using var scope = app.Services.CreateAsyncScope();
        var answers = scope.ServiceProvider.GetRequiredService<StoryAnswers>();
        var today = TimeZones.Today(scope.ServiceProvider.GetRequiredService<TimeProvider>(), null);
        var reply = await answers.AnswerAsync(question, 0, today, new HashSet<string>(), cancellationToken);

        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(AskResult.From(question, reply), AskResult.Json));
            return 0;
        }
        Console.Out.WriteLine(PlainText.Of(reply));
        return 0;
    }
}

/// <summary>The shape `ask --json` prints (other tools read it: keep it).</summary>
internal sealed record AskResult(string Question, string Intent, string? Topic, IReadOnlyList<AskStory> Stories, IReadOnlyList<string> Suggestions)
{
    public static JsonSerializerOptions Json { get; } = new(Briefly.Core.Briefs.StoredBriefs.Json);

    public static AskResult From(string question, Reply reply)
    {
        var query = TopicQuery.Parse(question);
        var (stories, suggestions) = reply switch
        {
            AnswerReply answer => (answer.Stories, (IReadOnlyList<string>)[]),
            PeriodReply period => (period.Stories, []),
            BriefReply brief => (brief.Stories, []),
            NoAnswerReply none => ([], [.. none.CloseTopics.Select(t => t.Topic)]),
            NoBriefReply noBrief => ([], [.. noBrief.NearestDates.Select(d => d.ToString("yyyy-MM-dd"))]),
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
            [.. stories.Select(s => new AskStory(s.Id, s.Title, s.Source, s.Date, s.Summary, s.WhyItMatters, s.Citations))], suggestions);
    }
}

internal sealed record AskStory(long Id, string Title, string Source, DateOnly Date, string Summary, string WhyItMatters, IReadOnlyList<string> Citations);

/// <summary>A reply as a terminal shows it: the fallback line, then each story.</summary>
internal static class PlainText
{
    public static string Of(Reply reply)
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
            lines.Add("");
        }
        return string.Join(Environment.NewLine, lines).TrimEnd();
    }
}
