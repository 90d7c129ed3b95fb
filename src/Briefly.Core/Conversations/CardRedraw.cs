using Briefly.Core.Search;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Core.Conversations;

/// <summary>
/// Draws a paged answer again as it looks once its reader follows a topic, for platforms that answer a button press with
/// the updated card (Teams Action.Execute). It only reads: the subscription itself goes through the inbox like any
/// message, and this shows the card as it will be once that is handled.
/// </summary>
public sealed class CardRedraw(BrieflyDbContext db, StoryIndexSync search, StoryAnswers answers, TimeProvider time)
{
    /// <param name="redraw">The card's <see cref="Paging"/> words, as its Follow button carries them (<see cref="ReplyAction.Redraw"/>).</param>
    /// <param name="topic">The topic just followed.</param>
    /// <returns>The card's reply, or null when the words draw no paged answer.</returns>
    public async Task<Reply?> AfterFollowAsync(ChatPlatform platform, string userExternalId, string redraw, string topic, CancellationToken cancellationToken)
    {
        if (!Paging.TryRead(redraw, out var question, out var offset)) return null;
        var reader = await db.Users.AsNoTracking()
            .Where(u => u.Platform == platform && u.ExternalId == userExternalId)
            .Select(u => new { u.TimeZone, Keys = u.Subscriptions.Select(s => s.TopicKey).ToList() })
            .FirstOrDefaultAsync(cancellationToken);
        var followed = new HashSet<string>(reader?.Keys ?? [], StringComparer.Ordinal) { TopicKeys.Of(TopicKeys.Display(Paging.BoundTopic(topic))) };
        await search.RefreshAsync(cancellationToken);
        var reply = await answers.AnswerAsync(question, offset, TimeZones.Today(time, reader?.TimeZone), followed, cancellationToken);
        return reply is AnswerReply or PeriodReply or NoAnswerReply ? reply : null;
    }
}
