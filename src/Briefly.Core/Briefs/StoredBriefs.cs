using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Briefly.Data;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Core.Briefs;

/// <summary>A brief as stored, in the shape `briefs --json` and GET /api/briefs print (other tools read it: keep it).</summary>
public sealed record StoredBrief(
    string Title,
    DateOnly Date,
    [property: JsonConverter(typeof(MinuteDateTimeConverter))] DateTime? PostedAt,
    IReadOnlyList<string> Takeaways,
    IReadOnlyList<StoredStory> Stories);

public sealed record StoredStory(
    long Id,
    string Title,
    string Source,
    DateOnly Date,
    string DateText,
    string Summary,
    string WhyItMatters,
    IReadOnlyList<string> Citations);

public static class StoredBriefs
{
    /// <summary>camelCase, and text as written: no \u escapes for dashes, quotes or CJK.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    /// <summary>Every stored brief, oldest first, stories in the order written.</summary>
    public static async Task<List<StoredBrief>> ListAsync(BrieflyDbContext db, CancellationToken cancellationToken, DateOnly? from = null, DateOnly? to = null)
    {
        var query = db.Briefs.AsNoTracking();
        if (from is { } start) query = query.Where(b => b.Date >= start);
        if (to is { } end) query = query.Where(b => b.Date <= end);
        var briefs = await query
            .Include(b => b.Stories).ThenInclude(s => s.Citations)
            .Include(b => b.Takeaways)
            .AsSplitQuery()
            .OrderBy(b => b.Date).ThenBy(b => b.Title)
            .ToListAsync(cancellationToken);

        return [.. briefs.Select(b => new StoredBrief(
            b.Title,
            b.Date,
            b.PostedAt,
            [.. b.Takeaways.OrderBy(t => t.Position).Select(t => t.Text)],
            [.. b.Stories.OrderBy(s => s.Position).Select(s => new StoredStory(
                s.Id, s.Title, s.Source, s.Date, s.DateText, s.Summary, s.WhyItMatters,
                [.. s.Citations.OrderBy(c => c.Position).Select(c => c.Url)]))]))];
    }
}

/// <summary>Posted-on times have minutes and no zone: "2026-04-29T21:41".</summary>
internal sealed class MinuteDateTimeConverter : JsonConverter<DateTime>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm";

    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTime.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.None);

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(Format, CultureInfo.InvariantCulture));
}
