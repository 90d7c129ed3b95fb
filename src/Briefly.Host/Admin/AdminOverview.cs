using System.Text.Json.Nodes;
using Briefly.Core.Conversations;
using Briefly.Core.Deliveries;
using Briefly.Data;
using Briefly.Data.Entities;
using Briefly.Slack.BlockKit;
using Briefly.Teams.Cards;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Host.Admin;

/// <summary>One channel on the admin page: where it is, when it takes its brief, and what became of the latest one.</summary>
/// <param name="State">"active", "paused" or "removed".</param>
/// <param name="Schedule">"08:30 weekdays", or "no daily brief".</param>
/// <param name="LatestBrief">The title of the brief its latest delivery carries, if any.</param>
internal sealed record ChannelRow(
    long Id, ChatPlatform Platform, string Name, string? Workspace, string Schedule, string TimeZone, string State,
    string? LatestBrief, DateOnly? LatestBriefDate, DeliveryState? Delivery);

internal sealed record TopicCount(string Topic, int Followers);

/// <summary>A stored brief drawn as each platform shows it: the Teams cards and the Slack messages, as JSON.</summary>
internal sealed record RenderedBrief(long Id, string Title, DateOnly Date, string Owner, DateTime UpdatedAt, int Stories, string Text, JsonArray Teams, JsonArray Slack);

/// <summary>The figures at the top of the admin page.</summary>
internal sealed record Totals(int Channels, int Paused, int Removed, int Subscribers, int Topics, int Briefs, int Stories);

/// <summary>What the admin page reads: channels with their latest delivery, followers and topics, the latest briefs.</summary>
internal sealed class AdminOverview(BrieflyDbContext db, StoryAnswers answers, TimeProvider time)
{
    public const int ChannelsPerPage = 100;

    public async Task<Totals> TotalsAsync(CancellationToken cancellationToken)
    {
        var channels = Channels();
        return new Totals(
            await channels.CountAsync(cancellationToken),
            await channels.CountAsync(c => c.Paused && c.BlockedAt == null, cancellationToken),
            await channels.CountAsync(c => c.BlockedAt != null, cancellationToken),
            await db.TopicSubscriptions.Select(s => s.UserId).Distinct().CountAsync(cancellationToken),
            await db.TopicSubscriptions.Select(s => s.TopicKey).Distinct().CountAsync(cancellationToken),
            await db.Briefs.CountAsync(cancellationToken),
            await db.Stories.CountAsync(cancellationToken));
    }

    /// <summary>The topics with the most followers, each in the words most of its followers wrote.</summary>
    public async Task<IReadOnlyList<TopicCount>> MostFollowedAsync(int count, CancellationToken cancellationToken)
    {
        var top = await db.TopicSubscriptions.GroupBy(s => s.TopicKey)
            .Select(g => new { Key = g.Key, Followers = g.Count() })
            .OrderByDescending(t => t.Followers).ThenBy(t => t.Key).Take(count).ToListAsync(cancellationToken);
        var keys = top.Select(t => t.Key).ToList();
        var spellings = (await db.TopicSubscriptions.Where(s => keys.Contains(s.TopicKey)).Select(s => new { s.TopicKey, s.Topic }).ToListAsync(cancellationToken))
            .GroupBy(s => s.TopicKey)
            .ToDictionary(g => g.Key, g => g.GroupBy(s => s.Topic).OrderByDescending(w => w.Count()).ThenBy(w => w.Key, StringComparer.Ordinal).First().Key);
        return [.. top.Select(t => new TopicCount(spellings[t.Key], t.Followers))];
    }

    /// <summary>One page of channels, by platform and name, each with the state of its latest delivery.</summary>
    public async Task<(IReadOnlyList<ChannelRow> Rows, int Pages)> ChannelsAsync(int page, CancellationToken cancellationToken)
    {
        var total = await Channels().CountAsync(cancellationToken);
        var pages = Math.Max(1, (total + ChannelsPerPage - 1) / ChannelsPerPage);
        var conversations = await Channels().AsNoTracking()
            .OrderBy(c => c.Platform).ThenBy(c => c.TenantId).ThenBy(c => c.Name).ThenBy(c => c.Id)
            .Skip((Math.Clamp(page, 1, pages) - 1) * ChannelsPerPage).Take(ChannelsPerPage).ToListAsync(cancellationToken);
        var ids = conversations.Select(c => c.Id).ToList();
        var latestIds = await db.Deliveries.Where(d => ids.Contains(d.ConversationId)).GroupBy(d => d.ConversationId)
            .Select(g => g.Max(d => d.Id)).ToListAsync(cancellationToken);
        var latest = await db.Deliveries.AsNoTracking().Include(d => d.Brief).Where(d => latestIds.Contains(d.Id))
            .ToDictionaryAsync(d => d.ConversationId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        return ([.. conversations.Select(c =>
        {
            var delivery = latest.GetValueOrDefault(c.Id);
            return new ChannelRow(c.Id, c.Platform, string.IsNullOrWhiteSpace(c.Name) ? c.ExternalId : c.Name, c.TenantId,
                c.BriefTime is { } at ? $"{at:HH\\:mm} {DayNames.Describe(c.BriefDays)}" : "no daily brief", c.TimeZone,
                c.BlockedAt is not null ? "removed" : c.Paused ? "paused" : "active",
                delivery?.Brief.Title, delivery?.Brief.Date, delivery is null ? null : DeliveryState.Of(delivery, now));
        })], pages);
    }

    /// <summary>The newest briefs, each drawn as Teams and Slack would post it to a channel.</summary>
    public async Task<IReadOnlyList<RenderedBrief>> LatestBriefsAsync(int count, CancellationToken cancellationToken)
    {
        var briefs = await db.Briefs.AsNoTracking().OrderByDescending(b => b.Date).ThenByDescending(b => b.UpdatedAt).Take(count)
            .Select(b => new { b.Id, b.Title, b.Date, b.Owner, b.UpdatedAt, Stories = b.Stories.Count }).ToListAsync(cancellationToken);
        var rendered = new List<RenderedBrief>();
        foreach (var brief in briefs)
        {
            var reply = await answers.BriefAsync(brief.Id, cancellationToken);
            rendered.Add(new RenderedBrief(brief.Id, brief.Title, brief.Date, brief.Owner, brief.UpdatedAt, brief.Stories, reply.FallbackText,
                new JsonArray([.. AdaptiveCardRenderer.Render(reply)]), new JsonArray([.. BlockKitRenderer.Render(reply)])));
        }
        return rendered;
    }

    /// <summary>The places a daily brief can go: channels and group chats, not one-to-one chats or the try-it page.</summary>
    private IQueryable<Conversation> Channels() =>
        db.Conversations.Where(c => c.Kind != ConversationKind.Personal && c.Platform != ChatPlatform.Local);
}
