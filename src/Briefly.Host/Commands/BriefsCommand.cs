using System.Text.Json;
using Briefly.Core.Briefs;
using Briefly.Data;

namespace Briefly.Host.Commands;

/// <summary>`briefs [--json]`: the stored briefs, as a table or in the shape other tools read.</summary>
internal static class BriefsCommand
{
    public static async Task<int> RunAsync(WebApplication app, IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        var json = words.Contains("--json");
        if (words.FirstOrDefault(w => w != "--json") is { } extra) throw new UsageException($"briefs takes only --json, not '{extra}'");

        await DatabaseReadiness.PrepareAsync(app.Services, migrate: false, cancellationToken);
        await using var scope = app.Services.CreateAsyncScope();
        var briefs = await StoredBriefs.ListAsync(scope.ServiceProvider.GetRequiredService<BrieflyDbContext>(), cancellationToken);
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(briefs, StoredBriefs.Json));
            return 0;
        }
        if (briefs.Count == 0)
        {
            Console.Out.WriteLine("No briefs stored yet. Take some in with: ingest <file|folder|feed-url>");
            return 0;
        }
        foreach (var brief in briefs)
            Console.Out.WriteLine($"{brief.Date:yyyy-MM-dd}  {brief.Stories.Count,2} stories  {brief.Title}");
        Console.Out.WriteLine($"{briefs.Count} briefs, {briefs.Sum(b => b.Stories.Count)} stories.");
        return 0;
    }
}
