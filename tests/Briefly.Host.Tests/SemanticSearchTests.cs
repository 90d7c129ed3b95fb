using System.Net.Http.Json;
using System.Text.Json;
using Briefly.Data;
using Briefly.Testing;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Host.Tests;

/// <summary>The embedding model through the real commands and host: vectors stored at ingest, `reindex`, and life without a model.</summary>
public sealed class SemanticSearchTests
{
    private static readonly string[] DevBriefs = [.. Directory.GetFiles(SharedFiles.DevCorpus, "brief-*.txt").Order(StringComparer.Ordinal).Take(3)];

    [Fact]
    public async Task Reindex_computes_the_vectors_stories_lack_and_with_all_every_one_again()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        var withoutModel = new Dictionary<string, string?> { ["Search:EmbeddingModel"] = "none" };
        var ingest = await BrieflyProcess.RunAsync(database, work.Path, withoutModel, TimeSpan.FromMinutes(3), ["ingest", .. DevBriefs]);
        Assert.Equal(0, ingest.ExitCode);
        var stories = await CountAsync(database, withVector: false);
        Assert.Equal(0, await CountAsync(database, withVector: true));

        var first = await BrieflyProcess.RunAsync(database, work.Path, "reindex");
        var again = await BrieflyProcess.RunAsync(database, work.Path, "reindex");
        var all = await BrieflyProcess.RunAsync(database, work.Path, "reindex", "--all");

        Assert.Equal(0, first.ExitCode);
        Assert.StartsWith($"Embedded {stories} stories with all-MiniLM-L6-v2 in ", first.Output);
        Assert.Matches(@"\(\d+\.\d ms per story\)\.", first.Output);
        Assert.StartsWith("Embedded 0 stories", again.Output);
        Assert.StartsWith($"Embedded {stories} stories", all.Output);
        Assert.Equal(stories, await CountAsync(database, withVector: true));
    }

    [Fact]
    public async Task Ingest_embeds_the_new_stories_and_reindex_without_a_model_says_why_it_cannot()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();

        var ingest = await BrieflyProcess.RunAsync(database, work.Path, ["ingest", .. DevBriefs]);
        var off = await BrieflyProcess.RunAsync(database, work.Path, new() { ["Search:EmbeddingModel"] = "none" }, TimeSpan.FromMinutes(3), "reindex");

        Assert.Equal(0, ingest.ExitCode);
        Assert.Equal(await CountAsync(database, withVector: true), await CountAsync(database, withVector: null));
        Assert.Equal(1, off.ExitCode);
        Assert.Contains("reindex needs an embedding model", off.Errors);
        Assert.Contains("Search:EmbeddingModel", off.Errors);
    }

    [Fact]
    public async Task A_model_the_host_does_not_have_fails_at_start_naming_the_setting()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();

        var result = await BrieflyProcess.RunAsync(database, work.Path, new() { ["Search:EmbeddingModel"] = "gpt-embeddings" }, TimeSpan.FromMinutes(3), "reindex");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Search:EmbeddingModel 'gpt-embeddings'", result.Errors);
    }

    [Fact]
    public async Task Without_a_model_the_host_answers_on_words_and_reports_itself_degraded()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        var withoutModel = new Dictionary<string, string?> { ["Search:EmbeddingModel"] = "none" };
        await BrieflyProcess.RunAsync(database, work.Path, withoutModel, TimeSpan.FromMinutes(3), ["ingest", .. DevBriefs]);

        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, withoutModel);
        using var http = new HttpClient { BaseAddress = host.Url };
        var health = (await http.GetFromJsonAsync<JsonElement>("/health/ready")).GetProperty("status").GetString();
        var ask = await BrieflyProcess.RunAsync(database, work.Path, withoutModel, TimeSpan.FromMinutes(3), "ask", "latest on Huawei");

        Assert.Equal("Degraded", health);
        Assert.Equal(0, ask.ExitCode);
        Assert.Contains("Huawei", ask.Output);
    }

    private static async Task<int> CountAsync(TestDatabase database, bool? withVector)
    {
        await using var db = database.CreateContext();
        return withVector switch
        {
            true => await db.Stories.CountAsync(s => s.Embedding != null && s.EmbeddingModel == "all-MiniLM-L6-v2"),
            false => await db.Stories.CountAsync(s => s.Embedding == null),
            null => await db.Stories.CountAsync(),
        };
    }
}
