using Briefly.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Briefly.Host.Commands;

/// <summary>`migrate [--script]`: applies the migrations of the configured provider, or prints them as an idempotent SQL script.</summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(WebApplication app, IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        var script = words.Contains("--script");
        if (words.FirstOrDefault(w => w != "--script") is { } extra) throw new UsageException($"migrate takes only --script, not '{extra}'");

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrieflyDbContext>();
        if (script)
        {
            Console.Out.WriteLine(db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent));
            return 0;
        }
        await DatabaseReadiness.RefuseAnotherBuildsAsync(db, scope.ServiceProvider.GetRequiredService<DatabaseTarget>().Provider, cancellationToken);
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SchemaMigrator));
        var pending = await SchemaMigrator.ApplyAsync(db, logger, cancellationToken);
        Console.Out.WriteLine(pending.Count == 0 ? "The database is up to date." : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}.");
        return 0;
    }
}
