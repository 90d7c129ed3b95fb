using Briefly.Core.Briefs;
using Briefly.Core.Tests.Search;
using Briefly.Data;
using Briefly.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Briefly.Core.Tests.Ingest;

public class BriefIngestorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_seed_is_stored_whole_and_the_same_brief_again_changes_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var seed = ParseSeed();

        var first = await IngestAsync(database, seed);
        Assert.Equal(IngestStatus.Created, first.Status);
        Assert.Equal(seed.Stories.Count, first.NewStoryIds.Count);

        _time.Advance(TimeSpan.FromHours(1));
        var again = await IngestAsync(database, seed);
        Assert.Equal(IngestStatus.Unchanged, again.Status);
        Assert.Equal(first.BriefId, again.BriefId);
        Assert.Empty(again.NewStoryIds);

        await using var db = database.CreateContext();
        var stored = Assert.Single(await StoredBriefs.ListAsync(db, CancellationToken.None));
        Assert.Equal(seed.Title, stored.Title);
        Assert.Equal(seed.Date, stored.Date);
        Assert.Equal(seed.PostedAt, stored.PostedAt);
        Assert.Equal(seed.Takeaways, stored.Takeaways);
        Assert.Equal(seed.Stories.Select(s => s.Title), stored.Stories.Select(s => s.Title));
        Assert.Equal(seed.Stories.Select(s => s.Citations), stored.Stories.Select(s => s.Citations));
        Assert.Equal(seed.Stories.Select(s => s.Summary), stored.Stories.Select(s => s.Summary));
        Assert.Equal(seed.Stories.Select(s => s.WhyItMatters), stored.Stories.Select(s => s.WhyItMatters));
        Assert.Equal(seed.Stories.Select(s => (s.Date, s.DateText, s.Source)), stored.Stories.Select(s => (s.Date, s.DateText, s.Source)));
        Assert.Equal(first.NewStoryIds, stored.Stories.Select(s => s.Id));
        Assert.Equal(_time.GetUtcNow().UtcDateTime.AddHours(-1), (await db.Briefs.SingleAsync()).UpdatedAt);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_corrected_brief_updates_in_place_and_its_stories_keep_their_ids(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var seed = ParseSeed();
        var created = await IngestAsync(database, seed);
        var ids = created.NewStoryIds;

        // The editors fix a summary, move the last story to the top, drop story 3, add a new one, fix a citation,
        // and write the title with a plain hyphen: still the same brief.
        var fixedSummary = seed.Stories[0] with { Summary = seed.Stories[0].Summary + " (Corrected.)" };
        var fixedCitation = seed.Stories[1] with { Citations = [.. seed.Stories[1].Citations.Take(1), "https://example.test/corrected"] };
        var added = new StoryDocument("A late story", "Example Wire", seed.Date, "29 Apr 2026", "Something happened late.", "It matters.", ["https://example.test/late"]);
        var corrected = seed with
        {
            Title = seed.Title.Replace("—", "-"),
            Stories = [seed.Stories[4], fixedSummary, fixedCitation, seed.Stories[3], added],
            Takeaways = [.. seed.Takeaways.Take(2)],
        };

        var updated = await IngestAsync(database, corrected);

        Assert.Equal(IngestStatus.Updated, updated.Status);
        Assert.Equal(created.BriefId, updated.BriefId);
        await using var db = database.CreateContext();
        var stored = Assert.Single(await StoredBriefs.ListAsync(db, CancellationToken.None));
        Assert.Equal(corrected.Title, stored.Title);
        Assert.Equal([ids[4], ids[0], ids[1], ids[3], updated.NewStoryIds.Single()], stored.Stories.Select(s => s.Id));
        Assert.EndsWith("(Corrected.)", stored.Stories[1].Summary);
        Assert.Equal(fixedCitation.Citations, stored.Stories[2].Citations);
        Assert.Equal(corrected.Takeaways, stored.Takeaways);
        Assert.False(await db.Stories.AnyAsync(s => s.Id == ids[2]));
        Assert.Equal(stored.Stories.Sum(s => s.Citations.Count), await db.Citations.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_hosts_ingesting_the_same_brief_at_once_store_it_once(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var seed = ParseSeed();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => IngestAsync(database, seed)));

        Assert.Single(outcomes, o => o.Status == IngestStatus.Created);
        Assert.All(outcomes, o => Assert.Equal(outcomes[0].BriefId, o.BriefId));
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.Briefs.CountAsync());
        Assert.Equal(seed.Stories.Count, await db.Stories.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Fields_longer_than_their_columns_are_refused_by_name_and_nothing_is_stored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var seed = ParseSeed();
        var tooLong = seed with
        {
            Title = seed.Title + new string('x', 400),
            Stories = [seed.Stories[0], seed.Stories[1] with { Source = new string('s', 301) }],
        };

        var outcome = await IngestAsync(database, tooLong);

        Assert.Equal(IngestStatus.Rejected, outcome.Status);
        Assert.Contains(outcome.Errors, e => e.StartsWith("test: title: ", StringComparison.Ordinal) && e.EndsWith("at most 300", StringComparison.Ordinal));
        Assert.Contains("test: story 2 source: 301 characters, at most 300", outcome.Errors);
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.Briefs.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_large_brief_corrected_in_reverse_order_keeps_every_story_id_matched_by_title_or_by_citation(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var seed = ParseSeed();
        // As many stories as a brief may hold, two of them under the same title, as a brief of short items can have.
        var stories = Enumerable.Range(0, 50).Select(i => seed.Stories[i % seed.Stories.Count] with
        {
            Title = i == 49 ? "Story 0" : $"Story {i}",
            Citations = [$"https://example.test/{i}"],
        }).ToList();
        var created = await IngestAsync(database, seed with { Stories = stories });
        Assert.Equal(IngestStatus.Created, created.Status);

        // Reversed; every third story retitled (found by its citation); the last new.
        var corrected = stories.Select((s, i) => i % 3 == 0 ? s with { Title = $"Retitled {i}" } : s).Reverse().ToList();
        corrected[0] = corrected[0] with { Title = "Brand new", Citations = ["https://example.test/new"] };
        var updated = await IngestAsync(database, seed with { Stories = corrected });

        Assert.Equal(IngestStatus.Updated, updated.Status);
        var added = Assert.Single(updated.NewStoryIds);
        await using var db = database.CreateContext();
        var stored = await db.Stories.Include(s => s.Citations).OrderBy(s => s.Position).ToListAsync();
        Assert.Equal(corrected.Select(s => s.Title), stored.Select(s => s.Title));
        // Every stored story but the new one kept the id its citation had when first stored.
        var firstIds = created.NewStoryIds.Select((id, i) => (Url: $"https://example.test/{i}", Id: id)).ToDictionary(x => x.Url, x => x.Id);
        foreach (var story in stored.Where(s => s.Id != added))
            Assert.Equal(firstIds[story.Citations.Single().Url], story.Id);
    }

    [Fact]
    public async Task A_brief_with_more_stories_than_allowed_is_refused_naming_the_setting_and_nothing_is_stored()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var seed = ParseSeed();
        var many = seed with { Stories = [.. Enumerable.Range(0, 51).Select(i => seed.Stories[0] with { Title = $"Story {i}" })] };

        var outcome = await IngestAsync(database, many);

        Assert.Equal(IngestStatus.Rejected, outcome.Status);
        Assert.Equal("test: 51 stories; a brief holds at most 50 (Ingest:MaxStoriesPerBrief)", Assert.Single(outcome.Errors));
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.Stories.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_preview_says_what_storing_would_do_and_stores_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var seed = ParseSeed();
        var corrected = seed with { Stories = [.. seed.Stories.Skip(1)] };
        var tooMany = seed with { Stories = [.. Enumerable.Range(0, 51).Select(i => seed.Stories[0] with { Title = $"Story {i}" })] };

        var fresh = await PreviewAsync(database, seed, BriefOwner.AdminPage);
        var created = await IngestAsync(database, seed);
        var (same, changed) = (await PreviewAsync(database, seed, BriefOwner.CommandLine), await PreviewAsync(database, corrected, BriefOwner.CommandLine));
        var (otherSource, refused) = (await PreviewAsync(database, corrected, BriefOwner.AdminPage), await PreviewAsync(database, tooMany, BriefOwner.AdminPage));

        Assert.Equal((IngestStatus.Created, null), (fresh.Status, fresh.BriefId));
        Assert.Equal((IngestStatus.Unchanged, created.BriefId), (same.Status, same.BriefId));
        Assert.Equal((IngestStatus.Updated, created.BriefId), (changed.Status, changed.BriefId));
        Assert.Equal((IngestStatus.Conflict, created.BriefId), (otherSource.Status, otherSource.BriefId));
        Assert.Contains("is stored from the command line (ingest)", Assert.Single(otherSource.Errors));
        Assert.Equal("test: 51 stories; a brief holds at most 50 (Ingest:MaxStoriesPerBrief)", Assert.Single(refused.Errors));
        await using var db = database.CreateContext();
        Assert.Equal(seed.Stories.Count, await db.Stories.CountAsync());
    }

    private async Task<IngestOutcome> IngestAsync(TestDatabase database, BriefDocument brief)
    {
        await using var db = database.CreateContext();
        return await Ingestor(db).IngestAsync(brief, "test", BriefOwner.CommandLine, CancellationToken.None);
    }

    private async Task<IngestOutcome> PreviewAsync(TestDatabase database, BriefDocument brief, string owner)
    {
        await using var db = database.CreateContext();
        return await Ingestor(db).PreviewAsync(brief, "test", owner, CancellationToken.None);
    }

    private BriefIngestor Ingestor(BrieflyDbContext db) =>
        new(db, SemanticSearch.Off, Options.Create(new IngestOptions()), _time, NullLogger<BriefIngestor>.Instance);

    /// <summary>The seed brief (../shared/seeds), parsed as `ingest` parses it.</summary>
    internal static BriefDocument ParseSeed()
    {
        var result = BriefInput.Parse(File.ReadAllBytes(SharedFiles.Seed), BriefFormat.Text);
        return result.Brief ?? throw new InvalidOperationException(string.Join("\n", result.Errors.Select(e => e.Describe("seed"))));
    }
}
