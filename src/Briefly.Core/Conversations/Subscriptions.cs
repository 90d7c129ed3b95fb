using Briefly.Core.Search;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Core.Conversations;

/// <summary>Following and unfollowing topics; one subscription per topic key, whatever the wording.</summary>
public sealed class Subscriptions(BrieflyDbContext db, StoryIndex index, TopicSuggestions suggestions, TimeProvider time)
{
    public const int MaxTopicLength = 200;

    public async Task<Reply> SubscribeAsync(User user, string topic, CancellationToken cancellationToken)
    {
        var display = TopicKeys.Display(topic);
        var key = TopicKeys.Of(display);
        if (key.Length == 0 || display.Length > MaxTopicLength)
            return new InvalidInputReply("topic", key.Length == 0 ? $"'{display}' has no words to follow" : $"a topic may be at most {MaxTopicLength} characters", "subscribe Huawei chips");

        var existing = user.Subscriptions.FirstOrDefault(s => s.TopicKey == key);
        var today = TimeZones.Today(time, user.TimeZone);
        var recent = index.Search(TopicQuery.Parse(display), 50, today).Count(hit => !hit.Related);
        if (existing is not null) return new SubscribedReply(existing.Topic, AlreadyFollowing: true, recent, user.AlertMode);

        user.Subscriptions.Add(new TopicSubscription { Topic = display, TopicKey = key, CreatedAt = time.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same request handled twice at once (two hosts, a platform retry): the other one stored it.
            db.ChangeTracker.Clear();
            if (!await db.TopicSubscriptions.AnyAsync(s => s.UserId == user.Id && s.TopicKey == key, cancellationToken)) throw;
            return new SubscribedReply(display, AlreadyFollowing: true, recent, user.AlertMode);
        }
        return new SubscribedReply(display, AlreadyFollowing: false, recent, user.AlertMode);
    }

    public async Task<Reply> UnsubscribeAsync(User user, string topic, CancellationToken cancellationToken)
    {
        var display = TopicKeys.Display(topic);
        var key = TopicKeys.Of(display);
        var existing = user.Subscriptions.FirstOrDefault(s => s.TopicKey == key);
        if (existing is not null)
        {
            db.TopicSubscriptions.Remove(existing);
            user.Subscriptions.Remove(existing);
            await db.SaveChangesAsync(cancellationToken);
        }
        return new UnsubscribedReply(existing?.Topic ?? display, existing is not null, [.. user.Subscriptions.Select(s => s.Topic).Order()]);
    }

    public async Task<Reply> TopicsAsync(User user, CancellationToken cancellationToken)
    {
        var followed = user.Subscriptions.Select(s => s.TopicKey).ToHashSet();
        var popular = await suggestions.PopularAsync(TimeZones.Today(time, user.TimeZone), cancellationToken);
        return new TopicsReply(
            [.. user.Subscriptions.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).Select(s => s.Topic)],
            [.. popular.Where(p => !followed.Contains(TopicKeys.Of(p.Topic)))]);
    }
}
