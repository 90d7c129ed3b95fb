using System.Diagnostics;
using Briefly.Core.Search.Semantic;
using Briefly.Data;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Host.Commands;

/// <summary>
/// `reindex [--all]`: computes the vectors stories lack — stored while no model worked, or by another model than the one
/// configured now — or, with --all, every story's again. Each batch is saved as it is done, so a stopped run goes on
/// where it stopped. Serving hosts read the new vectors in on their next refresh.
/// </summary>
internal static class ReindexCommand
{
    /// <summary>The model runs best on a few dozen texts at a time; a batch is also one transaction.</summary>
    private const int BatchSize = 64;

    public static async Task<int> RunAsync(WebApplication app, IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        if (words.FirstOrDefault(w => w != "--all") is { } extra) throw new UsageException($"reindex has no option or argument '{extra}'");
        var all = words.Contains("--all");

        await DatabaseReadiness.PrepareAsync(app.Services, migrate: false, cancellationToken);
        var embeddings = app.Services.GetRequiredService<StoryEmbeddings>();
        embeddings.Warm();
        if (embeddings.ModelId is not { } model)
        {
            Console.Error.WriteLine($"briefly: reindex needs an embedding model, and {embeddings.Problem}.");
            return 1;
        }

        var progress = new TerminalProgress(Console.Error, enabled: !Console.IsErrorRedirected);
        var started = Stopwatch.GetTimestamp();
        int total, done = 0;
        long after = 0;
        await using (var scope = app.Services.CreateAsyncScope())
            total = await Stale(scope.ServiceProvider.GetRequiredService<BrieflyDbContext>(), model, all, after).CountAsync(cancellationToken);

        while (done < total)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BrieflyDbContext>();
            var batch = await Stale(db, model, all, after).OrderBy(s => s.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0) break;
            var vectors = embeddings.EmbedStories([.. batch.Select(s => StoryVectors.TextOf(s.Title, s.Summary))], cancellationToken);
            if (vectors is null)
            {
                progress.Done();
                Console.Error.WriteLine($"briefly: reindex stopped after {done} of {total} stories: {embeddings.Problem}.");
                return 1;
            }
            var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Embedding = vectors[i];
                batch[i].EmbeddingModel = model;
                // Other hosts keep their search index in step by what changed since they last looked.
                batch[i].UpdatedAt = now;
            }
            await db.SaveChangesAsync(cancellationToken);
            done += batch.Count;
            after = batch[^1].Id;
            progress.Write($"[{done}/{total}] stories embedded with {model}");
        }
        progress.Done();

        var elapsed = Stopwatch.GetElapsedTime(started);
        var each = done == 0 ? 0 : elapsed.TotalMilliseconds / done;
        Console.Out.WriteLine(FormattableString.Invariant($"Embedded {done} stories with {model} in {elapsed.TotalSeconds:0.0} s ({each:0.0} ms per story)."));
        return 0;
    }

    /// <summary>Stories after <paramref name="afterId"/> whose vector is missing or another model's; with <paramref name="all"/>, every one.</summary>
    private static IQueryable<Data.Entities.Story> Stale(BrieflyDbContext db, string model, bool all, long afterId) =>
        all
            ? db.Stories.Where(s => s.Id > afterId)
            : db.Stories.Where(s => s.Id > afterId && (s.Embedding == null || s.EmbeddingModel != model));
}
