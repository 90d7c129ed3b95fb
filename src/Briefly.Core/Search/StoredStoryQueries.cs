using Briefly.Data;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Core.Search;

/// <summary>
/// The stored stories as the index takes them, projected in the database so a refresh reads only the searchable
/// columns (the vector included: it is read, never computed, at start).
/// </summary>
public static class StoredStoryQueries
{
    /// <summary>Stories written after a point in time (by this host or another), for keeping an index in step.</summary>
    public static IQueryable<SearchableStory> SearchableChangedSince(this BrieflyDbContext db, DateTime sinceUtc) =>
        db.Stories.AsNoTracking()
            .Where(s => s.UpdatedAt > sinceUtc || s.Brief.UpdatedAt > sinceUtc)
            .Select(s => new SearchableStory(
                s.Id, s.BriefId, s.Brief.Date, s.Position, s.Title, s.Source, s.Date, s.Summary, s.WhyItMatters, s.Embedding, s.EmbeddingModel));
}
