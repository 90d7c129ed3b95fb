using Briefly.Data;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Core.Search;

/// <summary>
/// The stored stories as the index takes them, projected in the database so a rebuild at start
/// reads only the searchable columns.
/// </summary>
public static class StoredStoryQueries
{
    public static IQueryable<SearchableStory> Searchable(this BrieflyDbContext db) =>
        db.Stories.AsNoTracking().Select(s => new SearchableStory(
            s.Id, s.BriefId, s.Brief.Date, s.Position, s.Title, s.Source, s.Date, s.Summary, s.WhyItMatters));

    /// <summary>Stories written after a point in time (by this host or another), for keeping an index in step.</summary>
    public static IQueryable<SearchableStory> SearchableChangedSince(this BrieflyDbContext db, DateTime sinceUtc) =>
        db.Stories.AsNoTracking()
            .Where(s => s.UpdatedAt > sinceUtc || s.Brief.UpdatedAt > sinceUtc)
            .Select(s => new SearchableStory(
                s.Id, s.BriefId, s.Brief.Date, s.Position, s.Title, s.Source, s.Date, s.Summary, s.WhyItMatters));
}
