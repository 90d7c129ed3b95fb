using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Briefly.Data;
using Briefly.Data.Entities;
using Briefly.Testing;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Load;

/// <summary>What one fan-out left behind, for <see cref="LoadReport"/> to measure.</summary>
internal sealed record RunRecord(
    LoadOptions Options,
    int Hosts,
    string Database,
    DateTime Due,
    IReadOnlyDictionary<Platform, int> PartsPerBrief,
    IReadOnlyDictionary<Platform, IReadOnlyDictionary<string, string[]>> ConversationsByAccount,
    Ledger Ledger,
    IReadOnlyList<HostWatch> Lives,
    DateTime? KilledAt,
    DateTime? OutageUntil,
    bool TimedOut);

/// <summary>
/// One fan-out: a fresh database migrated and given today's brief by the host's own commands, N Slack channels and N
/// Teams conversations due at the next whole minute, the fakes, and the hosts serving until every conversation has its
/// brief (or the timeout), then a few seconds more.
/// </summary>
internal static class LoadRun
{
    private const string BotToken = "xoxb-load";

    public static async Task<RunRecord> RunAsync(LoadOptions options, int hosts, Action<string> say)
    {
        var provider = options.Postgres is null ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
        var database = await TestDatabase.CreateAsync(provider, migrated: false, options.Postgres);
        var work = Directory.CreateTempSubdirectory("briefly-load-").FullName;
        try
        {
            return await RunAsync(options, hosts, database, work, say);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
            if (options.Keep) say($"kept the database: {database.ConnectionString}");
            else await database.DisposeAsync();
        }
    }

    private static async Task<RunRecord> RunAsync(LoadOptions options, int hosts, TestDatabase database, string work, Action<string> say)
    {
        var clock = Stopwatch.StartNew();
        var settings = new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = "load-signing-secret", ["Slack:BotToken"] = BotToken,
        };
        if (options.NoModel) settings["Search:EmbeddingModel"] = "none";
        if (options.ModelLoaded) settings["Search:ModelIdleMinutes"] = "0";
        // The processors a host started inside its quota would see: .NET reads a cgroup's quota at start, and sizes its
        // thread pool, its spinning and Hangfire's workers by it. The quota itself is set once the host serves.
        if (options.HostCpu is { } cores) settings["DOTNET_PROCESSOR_COUNT"] = ((int)Math.Ceiling(cores)).ToString(CultureInfo.InvariantCulture);

        await Command(database, work, settings, "migrate");
        // A day that does not change while the run lasts: the brief is dated today, and the conversations fall due today.
        var span = options.Timeout * options.Rounds + TimeSpan.FromMinutes(3);
        var untilMidnight = DateTime.UtcNow.Date.AddDays(1) - DateTime.UtcNow;
        if (untilMidnight < span)
            say($"the run may take {span.TotalMinutes:0} minutes (--rounds × --timeout + 3) and must not cross midnight UTC: waiting {untilMidnight.TotalMinutes:0} minutes for it; a smaller --timeout fits sooner");
        await DeliveryRun.AwayFromMidnightAsync(span);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var sample = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryFiles.Path("samples", "briefs", "brief-2026-11-25.json")))!;
        sample["title"] = "China AI Update Brief — " + today.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        sample["date"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var briefFile = Path.Combine(work, "today.json");
        await File.WriteAllTextAsync(briefFile, sample.ToJsonString());
        await Command(database, work, settings, "ingest", briefFile);
        var slackParts = await CardsAsync(database, work, settings, today, "slack");
        var teamsCards = await CardsAsync(database, work, settings, today, "teams");
        var parts = new Dictionary<Platform, int> { [Platform.Slack] = slackParts.Count, [Platform.Teams] = teamsCards.Count };
        say($"database ready ({database.Provider}) in {clock.Elapsed.TotalSeconds:0.0}s; the brief is {parts[Platform.Slack]} Slack message(s), {parts[Platform.Teams]} Teams card(s)");

        var workspaceOf = Enumerable.Range(0, options.SlackChannels)
            .ToDictionary(i => $"C{i % options.Workspaces:D2}L{i:D7}", i => $"T0LOAD{i % options.Workspaces:D2}", StringComparer.Ordinal);
        var tenantOf = Enumerable.Range(0, options.TeamsConversations)
            .ToDictionary(i => $"19:load{i:D7}@thread.tacv2", i => $"00000000-0000-0000-0000-{i % options.Tenants:D12}", StringComparer.Ordinal);
        var grace = options.Latency + TimeSpan.FromMilliseconds(100);
        var ledger = new Ledger(grace, parts);
        var conditions = new Conditions(options, ledger);
        await using var platforms = await Platforms.StartAsync(conditions, workspaceOf, tenantOf,
            [.. teamsCards.Select(FakeTeams.Fingerprint)]);
        settings["Slack:ApiBaseUrl"] = platforms.SlackApi.ToString();

        await InsertConversationsAsync(database, workspaceOf, tenantOf, platforms.TeamsServiceUrl);
        say($"{workspaceOf.Count} Slack channels in {options.Workspaces} workspace(s), {tenantOf.Count} Teams conversations in {options.Tenants} tenant(s) stored; {clock.Elapsed.TotalSeconds:0.0}s");

        var lives = new List<HostWatch>();
        var current = new HostWatch[hosts];
        DateTime? killedAt = null;
        var timedOut = false;
        DateTime due;
        try
        {
            await Task.WhenAll(Enumerable.Range(0, hosts).Select(async i =>
            {
                var life = await HostWatch.StartAsync(database, work, settings, i + 1, 1, options.HostCpu);
                lock (lives) lives.Add(life);
                current[i] = life;
            }));
            due = default;
            for (var round = 1; round <= options.Rounds && !timedOut; round++)
            {
                // The hosts are serving and nothing is scheduled yet: the brief time is set now, so the due minute finds them ready.
                due = NextMinute(DateTime.UtcNow.AddSeconds(5));
                await ScheduleAsync(database, due);
                if (round > 1)
                {
                    // Moved to the coming minute first, so no planner run re-plans the last one's time meanwhile.
                    await NextDayAsync(database);
                    ledger.NextRound();
                }
                conditions.Arm(due);
                var cpuBefore = lives.ToDictionary(h => h, h => h.CpuTime);
                say($"{hosts} host(s) serving ({string.Join(", ", current.Select(h => $"host {h.Number} RSS {h.RssKb / 1024} MB, peak so far {h.PeakRssKb / 1024} MB"))}); the brief is due at {due:HH:mm:ss} UTC, in {(due - DateTime.UtcNow).TotalSeconds:0}s");

                var deadline = due + options.Timeout;
                var progress = Stopwatch.StartNew();
                while (true)
                {
                    await Task.Delay(250);
                    var complete = (ledger.Complete(Platform.Slack), ledger.Complete(Platform.Teams));
                    if (complete.Item1 == workspaceOf.Count && complete.Item2 == tenantOf.Count) break;
                    if (DateTime.UtcNow > deadline)
                    {
                        timedOut = true;
                        say($"timed out: {complete.Item1}/{workspaceOf.Count} Slack and {complete.Item2}/{tenantOf.Count} Teams conversations have the whole brief");
                        break;
                    }
                    if (options.KillAt is { } killAfter && killedAt is null && ledger.Posts.TryPeek(out var first) && DateTime.UtcNow >= first.At + killAfter)
                    {
                        killedAt = DateTime.UtcNow;
                        await current[0].KillAsync();
                        say($"killed host 1 (pid {current[0].Pid}) with SIGKILL {(killedAt.Value - first.At).TotalSeconds:0.0}s after the first post; starting it again");
                        var again = await HostWatch.StartAsync(database, work, settings, 1, 2, options.HostCpu);
                        lives.Add(again);
                        current[0] = again;
                    }
                    if (progress.Elapsed >= TimeSpan.FromSeconds(15))
                    {
                        progress.Restart();
                        var memory = string.Join(", ", current.Select(h => $"host {h.Number} RSS {h.RssKb / 1024} MB"));
                        say($"  {Since(due)}: {ledger.Posts.Count} posts, Slack {complete.Item1}/{workspaceOf.Count}, Teams {complete.Item2}/{tenantOf.Count} complete, {ledger.Refusals.Count} refusals; {memory}");
                    }
                }
                // Late duplicates (a claim expiring, a retry) have a moment to show.
                await Task.Delay(options.Settle);
                if (options.Rounds > 1) say(RoundLine(round, due, ledger, current));
                // Every life of every host, a life started in the round (after a kill) counted from its start.
                var cpu = lives.Sum(h => (h.CpuTime - cpuBefore.GetValueOrDefault(h)).TotalSeconds);
                say($"round {round}: the hosts used {cpu:0.0} s of processor time, {1000 * cpu / Math.Max(1, ledger.Posts.Count):0.00} ms per post");
            }
        }
        finally
        {
            await Task.WhenAll(current.Where(h => h is not null).Select(h => h.EndAsync()));
        }
        return new RunRecord(options, hosts, database.Provider.ToString(), due, parts,
            new Dictionary<Platform, IReadOnlyDictionary<string, string[]>>
            {
                [Platform.Slack] = Group(workspaceOf),
                [Platform.Teams] = Group(tenantOf),
            },
            ledger, lives, killedAt, conditions.OutageUntil, timedOut);
    }

    private static Dictionary<string, string[]> Group(Dictionary<string, string> accountOf) =>
        accountOf.GroupBy(p => p.Value, p => p.Key).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

    private static string Since(DateTime due) => DateTime.UtcNow - due is var t && t < TimeSpan.Zero
        ? $"{-t.TotalSeconds:0}s before due"
        : $"{t.TotalSeconds:0}s after due";

    private static DateTime NextMinute(DateTime after) =>
        new DateTime(after.Year, after.Month, after.Day, after.Hour, after.Minute, 0, DateTimeKind.Utc).AddMinutes(1);

    private static async Task Command(TestDatabase database, string work, Dictionary<string, string?> settings, params string[] args)
    {
        var result = await BrieflyProcess.RunAsync(database, work, new(settings), TimeSpan.FromMinutes(5), args);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"`{string.Join(' ', args)}` exited with {result.ExitCode}:\n{result.Output}\n{result.Errors}");
    }

    /// <summary>The messages the host sends for the day's brief, as its <c>card</c> command prints them.</summary>
    private static async Task<JsonArray> CardsAsync(TestDatabase database, string work, Dictionary<string, string?> settings, DateOnly day, string platform)
    {
        var result = await BrieflyProcess.RunAsync(database, work, new(settings), TimeSpan.FromMinutes(2),
            "card", "brief", "--platform", platform, "--date", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (result.ExitCode != 0) throw new InvalidOperationException($"`card brief --platform {platform}` exited with {result.ExitCode}:\n{result.Errors}");
        return JsonNode.Parse(result.Output)!.AsArray();
    }

    /// <summary>
    /// The conversations, stored directly as installs would have stored them, with no brief time yet. A Teams reference is
    /// the Bot Framework ConversationReference an install stores; with no app id the host posts to its serviceUrl unsigned.
    /// </summary>
    private static async Task InsertConversationsAsync(TestDatabase database, Dictionary<string, string> workspaceOf,
        Dictionary<string, string> tenantOf, Uri serviceUrl)
    {
        var installed = DateTime.UtcNow.AddDays(-1);
        foreach (var batch in workspaceOf.Select(p => new Conversation
                 {
                     Platform = ChatPlatform.Slack, ExternalId = p.Key, Kind = ConversationKind.Channel, TenantId = p.Value,
                     ReferenceJson = new JsonObject { ["team"] = p.Value, ["channel"] = p.Key }.ToJsonString(),
                     TimeZone = "UTC", BriefDays = WeekDays.Every, InstalledAt = installed,
                 })
                 .Concat(tenantOf.Select(p => new Conversation
                 {
                     Platform = ChatPlatform.Teams, ExternalId = p.Key, Kind = ConversationKind.Channel, TenantId = p.Value,
                     ServiceUrl = serviceUrl.ToString(), ReferenceJson = TeamsReference(p.Key, p.Value, serviceUrl),
                     TimeZone = "UTC", BriefDays = WeekDays.Every, InstalledAt = installed,
                 }))
                 .Chunk(2000))
        {
            await using var db = database.CreateContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Conversations.AddRange(batch);
            await db.SaveChangesAsync();
        }
    }

    private static string TeamsReference(string conversation, string tenant, Uri serviceUrl) => new JsonObject
    {
        ["bot"] = new JsonObject { ["id"] = "28:briefly-load", ["name"] = "Briefly" },
        ["conversation"] = new JsonObject { ["isGroup"] = true, ["conversationType"] = "channel", ["id"] = conversation, ["tenantId"] = tenant },
        ["channelId"] = "msteams",
        ["locale"] = "en-US",
        ["serviceUrl"] = serviceUrl.ToString(),
    }.ToJsonString();

    /// <summary>A soak's new "day": the deliveries of the last fan-out are forgotten, so the next brief time plans them again.</summary>
    private static async Task NextDayAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        await db.Deliveries.ExecuteDeleteAsync();
    }

    /// <summary>One line per fan-out of a soak: how long it took, what went wrong, and each host's memory now and at its peak.</summary>
    private static string RoundLine(int round, DateTime due, Ledger ledger, HostWatch[] hosts)
    {
        var posts = ledger.Posts.ToArray();
        var last = posts.Length == 0 ? 0 : (posts.Max(p => p.At) - due).TotalSeconds;
        var duplicates = posts.GroupBy(p => (p.Platform, p.Conversation, p.Part)).Sum(g => g.Count() - 1);
        var memory = string.Join(", ", hosts.Select(h => $"host {h.Number} RSS {h.RssKb / 1024} MB (peak {h.PeakRssKb / 1024} MB)"));
        return $"round {round}: {posts.Length} posts, last {last:0.0}s after due, {duplicates} duplicates, " +
            $"{ledger.Refusals.Count} refusals, {ledger.Violations.Count} violations; {memory}";
    }

    private static async Task ScheduleAsync(TestDatabase database, DateTime due)
    {
        await using var db = database.CreateContext();
        var time = new TimeOnly(due.Hour, due.Minute);
        await db.Conversations.ExecuteUpdateAsync(s => s.SetProperty(c => c.BriefTime, time));
    }
}
