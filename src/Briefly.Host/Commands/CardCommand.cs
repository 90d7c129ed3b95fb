using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Briefly.Core.Conversations;
using Briefly.Core.Deliveries;
using Briefly.Core.Search;
using Briefly.Data;
using Briefly.Data.Entities;
using Briefly.Slack.BlockKit;
using Briefly.Teams.Cards;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Host.Commands;

/// <summary>
/// `card &lt;kind&gt; --platform teams|slack [--date yyyy-MM-dd] [--question "…"]`: prints the exact payloads the bot
/// would send, as a JSON array (Teams: each Adaptive Card's content; Slack: each chat.postMessage body without the channel).
/// </summary>
internal static class CardCommand
{
    private static readonly string[] Kinds = ["brief", "answer", "help", "topics", "alert", "digest"];

    public static async Task<int> RunAsync(WebApplication app, IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        var (kind, platform, date, question) = ReadWords(words);
        await DatabaseReadiness.PrepareAsync(app.Services, migrate: false, cancellationToken);
        var search = app.Services.GetRequiredService<StoryIndexSync>();
        await search.RefreshAsync(cancellationToken);

        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<BrieflyDbContext>();
        var answers = services.GetRequiredService<StoryAnswers>();
        var today = TimeZones.Today(services.GetRequiredService<TimeProvider>(), null);
        var day = date ?? await db.Briefs.MaxAsync(b => (DateOnly?)b.Date, cancellationToken) ?? today;

        Reply reply = kind switch
        {
            "brief" => await answers.BriefOfDayAsync(day, cancellationToken),
            "answer" => await answers.AnswerAsync(question ?? throw new UsageException("card answer needs --question \"…\""), 0, date ?? today, new HashSet<string>(), cancellationToken),
            "help" => new HelpReply(null, HelpText.Examples),
            "topics" => new TopicsReply([], await services.GetRequiredService<TopicSuggestions>().PopularAsync(day, cancellationToken)),
            "alert" => await AlertAsync(services, search.Index, day, question, cancellationToken),
            _ => await DigestAsync(services, search.Index, day, cancellationToken),
        };

        var payloads = platform == "teams" ? AdaptiveCardRenderer.Render(reply) : BlockKitRenderer.Render(reply);
        Console.Out.WriteLine(new JsonArray([.. payloads.Select(p => (JsonNode)p.DeepClone())]).ToJsonString(new JsonSerializerOptions(Briefly.Core.Briefs.StoredBriefs.Json)));
        return 0;
    }

    /// <summary>The alert a follower of the topic would get for that day's brief (the first popular topic if none is named).</summary>
    private static async Task<Reply> AlertAsync(IServiceProvider services, StoryIndex index, DateOnly day, string? topic, CancellationToken cancellationToken)
    {
        if (topic is null)
        {
            var popular = await services.GetRequiredService<TopicSuggestions>().PopularAsync(day, cancellationToken);
            topic = popular.Count > 0 ? popular[0].Topic : throw new UsageException("card alert needs --question \"<topic>\" when no stories are stored");
        }
        var stories = await StoriesOfDayAsync(services, index, day, [topic], cancellationToken);
        return TopicAlertSender.Compose(AlertMode.Instant, day, [(topic, stories.GetValueOrDefault(topic) ?? [])]).SingleOrDefault()
            ?? new AlertReply(topic, []);
    }

    /// <summary>The digest of a person who follows the three most popular topics.</summary>
    private static async Task<Reply> DigestAsync(IServiceProvider services, StoryIndex index, DateOnly day, CancellationToken cancellationToken)
    {
        var topics = (await services.GetRequiredService<TopicSuggestions>().PopularAsync(day, cancellationToken)).Take(3).Select(t => t.Topic).ToList();
        var stories = await StoriesOfDayAsync(services, index, day, topics, cancellationToken);
        return TopicAlertSender.Compose(AlertMode.Daily, day, topics.Select(t => (t, (IReadOnlyList<StoryView>)(stories.GetValueOrDefault(t) ?? [])))).SingleOrDefault()
            ?? new DigestReply(day, []);
    }

    private static async Task<Dictionary<string, List<StoryView>>> StoriesOfDayAsync(IServiceProvider services, StoryIndex index, DateOnly day,
        IReadOnlyList<string> topics, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<BrieflyDbContext>();
        var ids = await db.Stories.Where(s => s.Brief.Date == day).OrderBy(s => s.Position).Select(s => s.Id).ToListAsync(cancellationToken);
        var answers = services.GetRequiredService<StoryAnswers>();
        var result = new Dictionary<string, List<StoryView>>(StringComparer.Ordinal);
        foreach (var group in index.Match(topics, ids).GroupBy(m => m.Topic))
            result[group.Key] = await answers.StoriesAsync(group.Select(m => new StoryHit(m.StoryId, 0, true)), cancellationToken);
        return result;
    }

    private static (string Kind, string Platform, DateOnly? Date, string? Question) ReadWords(IReadOnlyList<string> words)
    {
        string? kind = null, platform = null, question = null;
        DateOnly? date = null;
        for (var i = 0; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "--platform" when i + 1 < words.Count:
                    platform = words[++i].ToLowerInvariant();
                    if (platform is not ("teams" or "slack")) throw new UsageException($"--platform is teams or slack, not '{words[i]}'");
                    break;
                case "--date" when i + 1 < words.Count:
                    if (!DateOnly.TryParseExact(words[++i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                        throw new UsageException($"--date takes yyyy-MM-dd, not '{words[i]}'");
                    date = parsed;
                    break;
                case "--question" when i + 1 < words.Count:
                    question = words[++i];
                    break;
                case var word when kind is null && !word.StartsWith("--", StringComparison.Ordinal):
                    kind = word.ToLowerInvariant();
                    if (!Kinds.Contains(kind)) throw new UsageException($"card kinds are {string.Join(", ", Kinds)}, not '{word}'");
                    break;
                default:
                    throw new UsageException($"card: unexpected '{words[i]}'");
            }
        }
        if (kind is null) throw new UsageException($"card needs a kind: {string.Join(", ", Kinds)}");
        if (platform is null) throw new UsageException("card needs --platform teams or --platform slack");
        return (kind, platform, date, question);
    }
}
