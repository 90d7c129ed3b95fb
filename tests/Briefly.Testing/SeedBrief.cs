using Briefly.Core.Briefs;
using Microsoft.Extensions.DependencyInjection;

namespace Briefly.Testing;

/// <summary>Stores the seed brief through the product's own ingest, so a host under test has stories to answer from.</summary>
public static class SeedBrief
{
    /// <param name="date">Stores it as the brief of this day instead of its own (a brief due today, for delivery tests).</param>
    public static async Task IngestAsync(IServiceProvider services, DateOnly? date = null)
    {
        await using var scope = services.CreateAsyncScope();
        var seed = BriefInput.Parse(await File.ReadAllBytesAsync(SharedFiles.Seed), BriefFormat.Auto).Brief
            ?? throw new InvalidDataException($"{SharedFiles.Seed} did not parse.");
        if (date is { } day) seed = seed with { Date = day };
        await scope.ServiceProvider.GetRequiredService<BriefIngestor>().IngestAsync(seed, "test", BriefOwner.CommandLine, CancellationToken.None);
    }
}
