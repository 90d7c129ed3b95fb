using Briefly.Core;
using Briefly.Core.Briefs;
using Briefly.Core.Deliveries;
using Briefly.Data;
using Briefly.Data.Entities;
using Briefly.Host.Admin;
using Briefly.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Briefly.Host.Tests;

/// <summary>
/// The admin page's reads on both databases (the browser test runs on SQLite): totals, the most followed topics, a page
/// of channels with each one's latest delivery, and the latest briefs drawn for both platforms.
/// </summary>
public sealed class AdminOverviewTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_overview_reads_channels_deliveries_and_topics(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(database.HostSettings());
        builder.AddBrieflyData();
        builder.AddBrieflyCore();
        builder.Services.AddScoped<AdminOverview>();
        using var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var ingestor = scope.ServiceProvider.GetRequiredService<BriefIngestor>();
            foreach (var file in Directory.GetFiles(RepositoryFiles.Path("samples", "briefs")))
            {
                var brief = BriefInput.Parse(await File.ReadAllBytesAsync(file), BriefInput.FormatFromFileName(file)).Brief!;
                await ingestor.IngestAsync(brief, file, BriefOwner.CommandLine, CancellationToken.None);
            }
        }
        var seeded = await AdminPageTests.SeedWorkspaceAsync(database);
        await using (var db = database.CreateContext())
        {
            // Past one page of channels: 6 seeded and 100 more, each with a name that sorts after them.
            db.Conversations.AddRange(Enumerable.Range(0, 100).Select(i => new Conversation
            {
                Platform = ChatPlatform.Teams, ExternalId = $"19:extra{i}@thread.tacv2", Name = $"zz extra {i:D3}", Kind = ConversationKind.Channel,
                TenantId = "zz-tenant", ReferenceJson = "{}",
            }));
            await db.SaveChangesAsync();
        }

        await using var read = host.Services.CreateAsyncScope();
        var overview = read.ServiceProvider.GetRequiredService<AdminOverview>();
        var totals = await overview.TotalsAsync(CancellationToken.None);
        var topics = await overview.MostFollowedAsync(3, CancellationToken.None);
        var (first, pages) = await overview.ChannelsAsync(1, CancellationToken.None);
        var (second, _) = await overview.ChannelsAsync(2, CancellationToken.None);
        var briefs = await overview.LatestBriefsAsync(2, CancellationToken.None);

        Assert.Equal(new Totals(Channels: 106, Paused: 1, Removed: 1, Subscribers: 6, Topics: 5, Briefs: 8, Stories: 42), totals);
        Assert.Equal([new TopicCount("DeepSeek", 3), new TopicCount("HBM", 2), new TopicCount("Huawei chips", 2)], topics);
        Assert.Equal((2, AdminOverview.ChannelsPerPage, 6), (pages, first.Count, second.Count));
        var rows = first.Concat(second).ToDictionary(r => r.Id);
        Assert.Null(rows[seeded.Channel].Delivery);
        Assert.Equal(("no daily brief", "active"), (rows[seeded.Channel].Schedule, rows[seeded.Channel].State));
        Assert.Equal((DeliveryStage.Deferred, "Teams answered 429 Too Many Requests (Retry-After)"), (rows[seeded.Deferred].Delivery!.Stage, rows[seeded.Deferred].Delivery!.Reason));
        Assert.Equal((DeliveryStage.Failed, "invalid_blocks"), (rows[seeded.Failed].Delivery!.Stage, rows[seeded.Failed].Delivery!.Reason));
        Assert.Equal(("08:00 weekdays", "Europe/Berlin", "paused"), (rows[seeded.Paused].Schedule, rows[seeded.Paused].TimeZone, rows[seeded.Paused].State));
        Assert.Equal(new DateOnly(2026, 11, 25), rows[seeded.Deferred].LatestBriefDate);
        Assert.Equal(["China AI Update Brief — 25 November 2026", "China AI Update Brief — 24 November 2026"], briefs.Select(b => b.Title));
        Assert.All(briefs, b => Assert.True(b.Teams.Count > 0 && b.Slack.Count > 0, b.Title));
        Assert.Equal("AdaptiveCard", (string?)briefs[0].Teams[0]!["type"]);
    }
}
