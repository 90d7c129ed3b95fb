using Briefly.Core.Search.Semantic;
using Briefly.Core.Telemetry;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefly.Core.Briefs;

public enum IngestStatus
{
    Created,
    Updated,
    Unchanged,
    Rejected,

    /// <summary>Another source's brief has this title and date; it was left as it was.</summary>
    Conflict,
}

/// <param name="NewStoryIds">Stories stored for the first time by this ingest: the ones topic alerts look at.</param>
/// <param name="Embedded">Stories whose vector was computed by this ingest (new or reworded ones).</param>
public sealed record IngestOutcome(IngestStatus Status, long? BriefId, IReadOnlyList<long> NewStoryIds, IReadOnlyList<string> Errors, int Embedded = 0)
{
    public static IngestOutcome Rejected(IEnumerable<string> errors) => new(IngestStatus.Rejected, null, [], [.. errors]);
}

/// <summary>
/// Stores a parsed brief: a new one is created, the same one again changes nothing, and a corrected one (same
/// title and date) is updated in place, its stories keeping their ids, when it comes from the source that stored it
/// (<see cref="BriefOwner"/>); from another source it is a conflict. One brief is one transaction. Each new or reworded
/// story is embedded here, once, and its vector stored with it.
/// </summary>
public sealed class BriefIngestor(
    BrieflyDbContext db, StoryEmbeddings embeddings, IOptions<IngestOptions> options, TimeProvider time, ILogger<BriefIngestor> logger)
{
    /// <param name="origin">The place, for messages: "briefs/x.txt", "request", a feed item.</param>
    /// <param name="owner">The source it comes from, one of <see cref="BriefOwner"/>'s.</param>
    public async Task<IngestOutcome> IngestAsync(BriefDocument document, string origin, string owner, CancellationToken cancellationToken)
    {
        var outcome = await StoreAsync(document, origin, owner, cancellationToken);
        BrieflyTelemetry.BriefIngested(outcome.Status.ToString(), BriefOwner.Kind(owner));
        return outcome;
    }

    /// <summary>
    /// Why a parsed brief would not be stored (too many stories, a field longer than its column), each error naming the
    /// place; empty when it would be. <see cref="IngestAsync"/> checks the same before it writes anything.
    /// </summary>
    public IReadOnlyList<string> Check(BriefDocument document, string origin)
    {
        var maxStories = options.Value.MaxStoriesPerBrief;
        if (document.Stories.Count > maxStories)
            return [$"{origin}: {document.Stories.Count} stories; a brief holds at most {maxStories} ({IngestOptions.Section}:{nameof(IngestOptions.MaxStoriesPerBrief)})"];
        // The parser takes text of any length; the columns do not. Refuse by name here rather than fail inside the database.
        return [.. TooLong(document).Select(problem => $"{origin}: {problem}")];
    }

    /// <summary>
    /// What <see cref="IngestAsync"/> would do with the brief, without storing anything: created, updated (with the stored
    /// brief's id), unchanged, a conflict with the source that owns it, or rejected with the errors.
    /// </summary>
    public async Task<IngestOutcome> PreviewAsync(BriefDocument document, string origin, string owner, CancellationToken cancellationToken)
    {
        if (Check(document, origin) is { Count: > 0 } errors) return IngestOutcome.Rejected(errors);
        var titleKey = BriefKeys.TitleKey(document.Title);
        var stored = await db.Briefs.AsNoTracking().SingleOrDefaultAsync(b => b.TitleKey == titleKey && b.Date == document.Date, cancellationToken);
        if (stored is null) return new IngestOutcome(IngestStatus.Created, null, [], []);
        if (stored.ContentHash == BriefKeys.ContentHash(document)) return new IngestOutcome(IngestStatus.Unchanged, stored.Id, [], []);
        if (stored.Owner.Length > 0 && stored.Owner != owner && !options.Value.AllowReplaceAcrossSources)
            return new IngestOutcome(IngestStatus.Conflict, stored.Id, [], [await ConflictErrorAsync(stored, origin, cancellationToken)]);
        return new IngestOutcome(IngestStatus.Updated, stored.Id, [], []);
    }

    private async Task<IngestOutcome> StoreAsync(BriefDocument document, string origin, string owner, CancellationToken cancellationToken)
    {
        if (Check(document, origin) is { Count: > 0 } errors) return IngestOutcome.Rejected(errors);
        if (origin.Length > MaxLength<Brief>(nameof(Brief.Origin))) origin = origin[..MaxLength<Brief>(nameof(Brief.Origin))];
        try
        {
            return await UpsertAsync(document, origin, owner, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another host stored the same brief between our read and our write: its row wins, ours becomes an update.
            // Expected, and handled: no stack trace (anything else fails the retry and reaches the caller).
            IngestLog.BriefStoredConcurrently(logger, document.Title, document.Date);
            db.ChangeTracker.Clear();
            return await UpsertAsync(document, origin, owner, cancellationToken);
        }
    }

    /// <summary>
    /// One attempt, run whole again by the provider's execution strategy after a transient fault (reading included, so a
    /// retry never works from half-saved state).
    /// </summary>
    private Task<IngestOutcome> UpsertAsync(BriefDocument document, string origin, string owner, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            return await UpsertOnceAsync(document, origin, owner, ct);
        }, cancellationToken);

    private async Task<IngestOutcome> UpsertOnceAsync(BriefDocument document, string origin, string owner, CancellationToken cancellationToken)
    {
        var titleKey = BriefKeys.TitleKey(document.Title);
        var hash = BriefKeys.ContentHash(document);
        var now = time.GetUtcNow().UtcDateTime;

        var brief = await db.Briefs
            .Include(b => b.Stories).ThenInclude(s => s.Citations.OrderBy(c => c.Position))
            .Include(b => b.Takeaways.OrderBy(t => t.Position))
            .AsSplitQuery()
            .SingleOrDefaultAsync(b => b.TitleKey == titleKey && b.Date == document.Date, cancellationToken);

        if (brief is not null && brief.ContentHash == hash)
            return new IngestOutcome(IngestStatus.Unchanged, brief.Id, [], []);
        if (brief is not null && brief.Owner.Length > 0 && brief.Owner != owner && !options.Value.AllowReplaceAcrossSources)
            return await ConflictAsync(brief, origin, owner, cancellationToken);

        var status = IngestStatus.Updated;
        if (brief is null)
        {
            status = IngestStatus.Created;
            brief = new Brief { Title = document.Title, TitleKey = titleKey, ContentHash = hash, Origin = origin, Owner = owner, CreatedAt = now };
            db.Briefs.Add(brief);
        }

        brief.Title = document.Title;
        brief.Date = document.Date;
        brief.PostedAt = document.PostedAt;
        brief.ContentHash = hash;
        brief.Origin = origin;
        if (brief.Owner.Length == 0) brief.Owner = owner;
        brief.UpdatedAt = now;
        SyncTakeaways(brief, document.Takeaways);
        var (added, moved) = SyncStories(brief, document.Stories, now);
        var embedded = Embed(brief.Stories, cancellationToken);

        if (moved.Count == 0) await db.SaveChangesAsync(cancellationToken);
        else
        {
            // Stories trading places (a brief reordered) would each need the other's position first under the unique
            // (brief, position) index: they go through free positions, past every old and new one, then to their own, in one
            // transaction.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var (story, position) in moved) story.Position = position;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        db.ChangeTracker.Clear();
        IngestLog.BriefStored(logger, status, brief.Id, brief.Title, brief.Date, origin);
        return new IngestOutcome(status, brief.Id, [.. added.Select(s => s.Id)], [], embedded);
    }

    private async Task<IngestOutcome> ConflictAsync(Brief brief, string origin, string owner, CancellationToken cancellationToken)
    {
        IngestLog.BriefOwnedElsewhere(logger, brief.Id, brief.Title, brief.Date, brief.Owner, origin, owner);
        return new IngestOutcome(IngestStatus.Conflict, brief.Id, [], [await ConflictErrorAsync(brief, origin, cancellationToken)]);
    }

    private async Task<string> ConflictErrorAsync(Brief brief, string origin, CancellationToken cancellationToken)
    {
        var stored = BriefOwner.Describe(brief.Owner);
        if (BriefOwner.FeedId(brief.Owner) is { } feedId
            && await db.Feeds.AsNoTracking().Where(f => f.Id == feedId).Select(f => f.Url).SingleOrDefaultAsync(cancellationToken) is { } url
            && Uri.TryCreate(url, UriKind.Absolute, out var feedUrl))
            stored = $"feed {feedId} at {feedUrl.Host}";
        return $"{origin}: conflict: \"{brief.Title}\" of {brief.Date:yyyy-MM-dd} is stored from {stored}, and only its source may change it " +
            $"(or set {IngestOptions.Section}:{nameof(IngestOptions.AllowReplaceAcrossSources)}=true)";
    }

    /// <summary>
    /// Computes the vectors the stories lack: new stories, reworded ones (their vector was dropped in
    /// <see cref="SyncStories"/>) and ones embedded by another model. Without a working model they stay without one
    /// and are found by their words until <c>reindex</c>.
    /// </summary>
    private int Embed(IReadOnlyList<Story> stories, CancellationToken cancellationToken)
    {
        if (embeddings.ModelId is not { } model) return 0;
        var missing = stories.Where(s => s.Embedding is null || s.EmbeddingModel != model).ToList();
        var vectors = embeddings.EmbedStories([.. missing.Select(s => StoryVectors.TextOf(s.Title, s.Summary))], cancellationToken);
        if (vectors is null) return 0;
        for (var i = 0; i < missing.Count; i++)
        {
            missing[i].Embedding = vectors[i];
            missing[i].EmbeddingModel = model;
        }
        return missing.Count;
    }

    private IEnumerable<string> TooLong(BriefDocument document)
    {
        if (document.Title.Length > MaxLength<Brief>(nameof(Brief.Title)))
            yield return $"title: {document.Title.Length} characters, at most {MaxLength<Brief>(nameof(Brief.Title))}";
        for (var i = 0; i < document.Stories.Count; i++)
        {
            var story = document.Stories[i];
            foreach (var (field, value, max) in new[]
            {
                ("title", story.Title, MaxLength<Story>(nameof(Story.Title))),
                ("source", story.Source, MaxLength<Story>(nameof(Story.Source))),
                ("date", story.DateText, MaxLength<Story>(nameof(Story.DateText))),
            })
            {
                if (value.Length > max) yield return $"story {i + 1} {field}: {value.Length} characters, at most {max}";
            }
            var maxUrl = MaxLength<Citation>(nameof(Citation.Url));
            foreach (var url in story.Citations.Where(u => u.Length > maxUrl))
                yield return $"story {i + 1} citation: {url.Length} characters, at most {maxUrl}";
        }
        var maxTakeaway = MaxLength<Takeaway>(nameof(Takeaway.Text));
        for (var i = 0; i < document.Takeaways.Count; i++)
            if (document.Takeaways[i].Length > maxTakeaway)
                yield return $"takeaway {i + 1}: {document.Takeaways[i].Length} characters, at most {maxTakeaway}";
    }

    /// <summary>The column's limit as the model declares it, so the rule lives in one place.</summary>
    private int MaxLength<TEntity>(string property) =>
        db.Model.FindEntityType(typeof(TEntity))?.FindProperty(property)?.GetMaxLength() ?? int.MaxValue;

    private static void SyncTakeaways(Brief brief, IReadOnlyList<string> takeaways)
    {
        // Rows are reused by position, so a correction never trips the unique (brief, position) index mid-update.
        for (var i = 0; i < takeaways.Count; i++)
        {
            if (i < brief.Takeaways.Count) brief.Takeaways[i].Text = takeaways[i];
            else brief.Takeaways.Add(new Takeaway { Position = i, Text = takeaways[i] });
        }
        brief.Takeaways.RemoveAll(t => t.Position >= takeaways.Count);
    }

    /// <returns>
    /// The stories new to the brief, and the stored ones whose position changes, with it: those are left at a free
    /// position past every old and new one, to be given theirs once the others have moved.
    /// </returns>
    private static (List<Story> Added, List<(Story Story, int Position)> Moved) SyncStories(Brief brief, IReadOnlyList<StoryDocument> stories, DateTime now)
    {
        var unmatched = new StoredStories(brief.Stories);
        var free = Math.Max(brief.Stories.Select(s => s.Position + 1).DefaultIfEmpty(0).Max(), stories.Count);
        var added = new List<Story>();
        var moved = new List<(Story, int)>();
        var kept = new List<Story>();
        for (var i = 0; i < stories.Count; i++)
        {
            var document = stories[i];
            var story = unmatched.Take(document);
            if (story is null)
            {
                story = new Story
                {
                    Title = document.Title, Source = document.Source, DateText = document.DateText,
                    Summary = document.Summary, WhyItMatters = document.WhyItMatters, CreatedAt = now,
                };
                added.Add(story);
            }
            if (story.Title != document.Title || story.Summary != document.Summary)
            {
                // What the vector was computed from has changed: it is computed again before saving.
                story.Embedding = null;
                story.EmbeddingModel = null;
            }
            if (story.Id != 0 && story.Position != i)
            {
                moved.Add((story, i));
                story.Position = free + i;
            }
            else story.Position = i;
            story.Title = document.Title;
            story.Source = document.Source;
            story.Date = document.Date;
            story.DateText = document.DateText;
            story.Summary = document.Summary;
            story.WhyItMatters = document.WhyItMatters;
            story.UpdatedAt = now;
            SyncCitations(story, document.Citations);
            kept.Add(story);
        }
        brief.Stories.Clear();
        brief.Stories.AddRange(kept);
        return (added, moved);
    }

    /// <summary>
    /// The stored stories of a brief not yet matched to the corrected one's, looked up by key so that matching a brief
    /// of n stories costs n lookups, not n scans. A corrected story is the same story if its title folds the same, else
    /// if it cites a source the stored one cites; among several, the first by position.
    /// </summary>
    private sealed class StoredStories
    {
        private readonly Dictionary<string, Queue<Story>> _byTitle = [];
        private readonly Dictionary<string, Queue<Story>> _byCitation = [];
        private readonly HashSet<Story> _taken = [];

        public StoredStories(IEnumerable<Story> stories)
        {
            foreach (var story in stories.OrderBy(s => s.Position))
            {
                Add(_byTitle, BriefKeys.TitleKey(story.Title), story);
                foreach (var url in story.Citations.Select(c => c.Url).Distinct()) Add(_byCitation, url, story);
            }
        }

        public Story? Take(StoryDocument document)
        {
            var match = First(_byTitle, BriefKeys.TitleKey(document.Title));
            if (match is null)
                foreach (var url in document.Citations)
                    if (First(_byCitation, url) is { } cited && (match is null || cited.Position < match.Position)) match = cited;
            if (match is not null) _taken.Add(match);
            return match;
        }

        private static void Add(Dictionary<string, Queue<Story>> index, string key, Story story)
        {
            if (!index.TryGetValue(key, out var queue)) index[key] = queue = [];
            queue.Enqueue(story);
        }

        /// <summary>The first story under the key not yet taken; taken ones are dropped as they are passed, each once.</summary>
        private Story? First(Dictionary<string, Queue<Story>> index, string key)
        {
            if (!index.TryGetValue(key, out var queue)) return null;
            while (queue.Count > 0 && _taken.Contains(queue.Peek())) queue.Dequeue();
            return queue.Count > 0 ? queue.Peek() : null;
        }
    }

    private static void SyncCitations(Story story, IReadOnlyList<string> urls)
    {
        for (var i = 0; i < urls.Count; i++)
        {
            if (i < story.Citations.Count) story.Citations[i].Url = urls[i];
            else story.Citations.Add(new Citation { Position = i, Url = urls[i] });
        }
        story.Citations.RemoveAll(c => c.Position >= urls.Count);
    }
}
