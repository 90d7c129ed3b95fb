using Briefly.Core.Search.Semantic;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Briefly.Core.Briefs;

public enum IngestStatus
{
    Created,
    Updated,
    Unchanged,
    Rejected,
}

/// <param name="NewStoryIds">Stories stored for the first time by this ingest: the ones topic alerts look at.</param>
/// <param name="Embedded">Stories whose vector was computed by this ingest (new or reworded ones).</param>
public sealed record IngestOutcome(IngestStatus Status, long? BriefId, IReadOnlyList<long> NewStoryIds, IReadOnlyList<string> Errors, int Embedded = 0)
{
    public static IngestOutcome Rejected(IEnumerable<string> errors) => new(IngestStatus.Rejected, null, [], [.. errors]);
}

/// <summary>
/// Stores a parsed brief: a new one is created, the same one again changes nothing, and a corrected one (same
/// title and date) is updated in place, its stories keeping their ids. One brief is one transaction. Each new or
/// reworded story is embedded here, once, and its vector stored with it.
/// </summary>
public sealed class BriefIngestor(BrieflyDbContext db, StoryEmbeddings embeddings, TimeProvider time, ILogger<BriefIngestor> logger)
{
    public async Task<IngestOutcome> IngestAsync(BriefDocument document, string origin, CancellationToken cancellationToken)
    {
        // The parser takes text of any length; the columns do not. Refuse by name here rather than fail inside the database.
        var tooLong = TooLong(document).Select(problem => $"{origin}: {problem}").ToList();
        if (tooLong.Count > 0) return IngestOutcome.Rejected(tooLong);
        if (origin.Length > MaxLength<Brief>(nameof(Brief.Origin))) origin = origin[..MaxLength<Brief>(nameof(Brief.Origin))];
        try
        {
            return await UpsertAsync(document, origin, cancellationToken);
        }
        catch (DbUpdateException e)
        {
            // Another host stored the same brief between our read and our write: its row wins, ours becomes an update.
            logger.LogInformation(e, "Brief {Title} of {Date} was stored concurrently; retrying as an update", document.Title, document.Date);
            db.ChangeTracker.Clear();
            return await UpsertAsync(document, origin, cancellationToken);
        }
    }

    private async Task<IngestOutcome> UpsertAsync(BriefDocument document, string origin, CancellationToken cancellationToken)
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

        var status = IngestStatus.Updated;
        if (brief is null)
        {
            status = IngestStatus.Created;
            brief = new Brief { Title = document.Title, TitleKey = titleKey, ContentHash = hash, Origin = origin, CreatedAt = now };
            db.Briefs.Add(brief);
        }

        brief.Title = document.Title;
        brief.Date = document.Date;
        brief.PostedAt = document.PostedAt;
        brief.ContentHash = hash;
        brief.Origin = origin;
        brief.UpdatedAt = now;
        SyncTakeaways(brief, document.Takeaways);
        var added = SyncStories(brief, document.Stories, now);
        var embedded = Embed(brief.Stories, cancellationToken);

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        logger.LogInformation("{Status} brief {BriefId} ({Title}, {Date}) from {Origin}", status, brief.Id, brief.Title, brief.Date, origin);
        return new IngestOutcome(status, brief.Id, [.. added.Select(s => s.Id)], [], embedded);
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

    private static List<Story> SyncStories(Brief brief, IReadOnlyList<StoryDocument> stories, DateTime now)
    {
        var unmatched = brief.Stories.OrderBy(s => s.Position).ToList();
        var added = new List<Story>();
        var kept = new List<Story>();
        for (var i = 0; i < stories.Count; i++)
        {
            var document = stories[i];
            var story = TakeMatch(unmatched, document);
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
            story.Position = i;
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
        return added;
    }

    /// <summary>A corrected story is the same story if its title folds the same, else if it cites the same source.</summary>
    private static Story? TakeMatch(List<Story> candidates, StoryDocument document)
    {
        var titleKey = BriefKeys.TitleKey(document.Title);
        var match = candidates.FirstOrDefault(s => BriefKeys.TitleKey(s.Title) == titleKey)
            ?? candidates.FirstOrDefault(s => s.Citations.Any(c => document.Citations.Contains(c.Url)));
        if (match is not null) candidates.Remove(match);
        return match;
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
