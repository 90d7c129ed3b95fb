using Briefly.Core.Search;
using Briefly.Core.Telemetry;
using Briefly.Data;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Core.Conversations;

/// <summary>Answers questions from the stored stories: a topic, a day's brief or a period, five stories a page.</summary>
public sealed class StoryAnswers(BrieflyDbContext db, StoryIndex index, TopicSuggestions suggestions)
{
    public const int PageSize = 5;

    /// <summary>Enough for any "more" a person will page through; the total shown is capped by it.</summary>
    private const int MaxHits = 200;

    /// <param name="followedKeys">The asker's topic keys, so an answer offers to subscribe only when that is new.</param>
    public async Task<Reply> AnswerAsync(string question, int offset, DateOnly today, IReadOnlySet<string> followedKeys, CancellationToken cancellationToken)
    {
        var query = TopicQuery.Parse(question);
        switch (query.Intent)
        {
            case QueryIntent.DateLookup when query.Window(today) is { } day:
                return await BriefOfDayAsync(day.From, cancellationToken);

            case QueryIntent.Period when query.Window(today) is { } period:
            {
                var hits = index.Search(query, MaxHits, today);
                if (offset > 0 && offset >= hits.Count) return new NoMoreReply(question, Describe(query), hits.Count);
                var page = await StoriesAsync(hits.Skip(offset).Take(PageSize), cancellationToken);
                return new PeriodReply(question, Describe(query), period.From, period.To, null, page, offset, hits.Count)
                    { FollowedKeys = [.. followedKeys] };
            }

            case QueryIntent.Topic:
            {
                // A topic is what a Follow button sends: bounded the same way, so following it and "following" agree.
                var topic = Paging.BoundTopic(TopicKeys.Display(query.Topic));
                var following = followedKeys.Contains(TopicKeys.Of(topic));
                var hits = index.Search(query, MaxHits, today);
                if (offset == 0) BrieflyTelemetry.Answered(hits.Count > 0);
                if (hits.Count == 0)
                    return new NoAnswerReply(question, topic, await suggestions.CloseToAsync(query.Topic, today, cancellationToken), following);
                var window = query.Period != RelativePeriod.None ? query.Window(today) : null;
                if (offset > 0 && offset >= hits.Count)
                    return new NoMoreReply(question, (window is null ? "" : Describe(query) + " ") + "on " + topic, hits.Count);
                var page = await StoriesAsync(hits.Skip(offset).Take(PageSize), cancellationToken);
                if (window is { } days)
                    return new PeriodReply(question, Describe(query), days.From, days.To, topic, page, offset, hits.Count) { FollowedKeys = [.. followedKeys] };
                return new AnswerReply(question, topic, page, offset, hits.Count, following) { FollowedKeys = [.. followedKeys] };
            }

            case QueryIntent.None when AsksForNews(question):
                // "what's new?", "any news?", "latest": the newest brief there is.
                var newest = await db.Briefs.Where(b => b.Date <= today).MaxAsync(b => (DateOnly?)b.Date, cancellationToken);
                return newest is { } date ? await BriefOfDayAsync(date, cancellationToken) : new NoBriefReply(today, []);

            default:
                return new HelpReply(question, HelpText.Examples);
        }
    }

    private static bool AsksForNews(string question)
    {
        var words = question.ToLowerInvariant().Split([' ', '?', '!', '.', ',', '\'', '’'], StringSplitOptions.RemoveEmptyEntries);
        return words.Any(w => w is "new" or "news" or "latest" or "update" or "updates" or "brief" or "headlines");
    }

    public async Task<Reply> BriefOfDayAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var brief = await db.Briefs.AsNoTracking()
            .Include(b => b.Stories).ThenInclude(s => s.Citations)
            .Include(b => b.Takeaways)
            .AsSplitQuery()
            .Where(b => b.Date == date)
            .OrderByDescending(b => b.UpdatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (brief is null)
        {
            var before = await db.Briefs.Where(b => b.Date < date).OrderByDescending(b => b.Date).Select(b => b.Date).FirstOrDefaultAsync(cancellationToken);
            var after = await db.Briefs.Where(b => b.Date > date).OrderBy(b => b.Date).Select(b => b.Date).FirstOrDefaultAsync(cancellationToken);
            return new NoBriefReply(date, [.. new[] { before, after }.Where(d => d != default)]);
        }
        return await ToReplyAsync(brief, cancellationToken);
    }

    /// <summary>One stored brief as a reply (a daily brief being delivered).</summary>
    public async Task<BriefReply> BriefAsync(long briefId, CancellationToken cancellationToken)
    {
        var brief = await db.Briefs.AsNoTracking()
            .Include(b => b.Stories).ThenInclude(s => s.Citations)
            .Include(b => b.Takeaways)
            .AsSplitQuery()
            .SingleAsync(b => b.Id == briefId, cancellationToken);
        return await ToReplyAsync(brief, cancellationToken);
    }

    private async Task<BriefReply> ToReplyAsync(Data.Entities.Brief brief, CancellationToken cancellationToken)
    {
        var previous = await db.Briefs.Where(b => b.Date < brief.Date).OrderByDescending(b => b.Date).Select(b => (DateOnly?)b.Date).FirstOrDefaultAsync(cancellationToken);
        return new BriefReply(
            brief.Title,
            brief.Date,
            brief.PostedAt,
            [.. brief.Stories.OrderBy(s => s.Position).Select(ToView)],
            [.. brief.Takeaways.OrderBy(t => t.Position).Select(t => t.Text)],
            previous);
    }

    /// <summary>The stories of the hits, in the hits' order.</summary>
    public async Task<List<StoryView>> StoriesAsync(IEnumerable<StoryHit> hits, CancellationToken cancellationToken)
    {
        var ids = hits.Select(h => h.StoryId).ToList();
        var stories = await db.Stories.AsNoTracking().Include(s => s.Citations)
            .Where(s => ids.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        // A story removed by another host since the index last heard of it is simply left out.
        return [.. ids.Where(stories.ContainsKey).Select(id => ToView(stories[id]))];
    }

    public static StoryView ToView(Data.Entities.Story s) => new(
        s.Id, s.Title, s.Source, s.Date, s.DateText, s.Summary, s.WhyItMatters,
        [.. s.Citations.OrderBy(c => c.Position).Select(c => c.Url)],
        TopicSuggestions.NamesIn(s.Title));

    private static string Describe(TopicQuery query) => query.Period switch
    {
        RelativePeriod.Today => "today",
        RelativePeriod.Yesterday => "yesterday",
        RelativePeriod.PastWeek => "this week",
        RelativePeriod.ThisMonth => "this month",
        RelativePeriod.LastMonth => "last month",
        RelativePeriod.NamedMonth when query.Month is { } month =>
            "in " + System.Globalization.CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month) + (query.Year is { } year ? $" {year}" : ""),
        _ => "",
    };
}
