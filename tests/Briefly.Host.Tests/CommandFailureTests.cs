using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Briefly.Data;
using Briefly.Testing;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Host.Tests;

/// <summary>
/// What a person can point the command line at, or set, that it cannot use: each ends in one line naming the thing and
/// the rule, the other inputs still taken, the summary printed, and exit code 1 (130 after Ctrl-C); never a stack trace.
/// File modes, FIFOs and signals are POSIX: these run where Briefly is deployed and CI runs, on Linux.
/// </summary>
[UnsupportedOSPlatform("windows")]
public class CommandFailureTests
{
    [Fact]
    public async Task Unreadable_looping_and_special_files_are_named_and_the_readable_ones_still_go_in()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        var folder = Path.Combine(work.Path, "briefs");
        work.File("briefs/a.json", Brief(1));
        work.File("briefs/locked/b.json", Brief(2));
        var unreadable = work.File("briefs/c.json", Brief(3));
        work.File("briefs/deeper/d.json", Brief(4));
        Directory.CreateSymbolicLink(Path.Combine(folder, "deeper", "loop"), folder);
        Directory.CreateSymbolicLink(Path.Combine(folder, "self"), Path.Combine(folder, "self"));
        Run("mkfifo", Path.Combine(folder, "pipe.json"));
        File.SetUnixFileMode(Path.Combine(folder, "locked"), UnixFileMode.None);
        File.SetUnixFileMode(unreadable, UnixFileMode.None);
        try
        {
            var run = await BrieflyProcess.RunUnprivilegedAsync(database, work.Path, [], "ingest", "briefs", "/dev/zero");

            Assert.Equal(1, run.ExitCode);
            Assert.Contains("Briefs: 2 created, 0 updated, 0 unchanged, 6 rejected.", run.Output);
            var lines = run.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Contains("briefs/locked: cannot be read: permission denied; skipped", lines);
            Assert.Contains("briefs/c.json: cannot be read: permission denied; skipped", lines);
            Assert.Contains("briefs/deeper/loop: a symbolic link back to briefs, a loop; skipped", lines);
            Assert.Contains("briefs/self: a symbolic link loop; skipped", lines);
            Assert.Contains("briefs/pipe.json: empty: 0 bytes (an empty file, or not a regular file: a device or a pipe); nothing read", lines);
            Assert.Contains("/dev/zero: empty: 0 bytes (an empty file, or not a regular file: a device or a pipe); nothing read", lines);
            Assert.DoesNotContain(lines, line => line.StartsWith("at ", StringComparison.Ordinal) || line.Contains("Unhandled", StringComparison.Ordinal));
            await using var db = database.CreateContext();
            Assert.Equal(["Brief 1", "Brief 4"], await db.Briefs.OrderBy(b => b.Title).Select(b => b.Title.Substring(0, 7)).ToListAsync());
        }
        finally
        {
            File.SetUnixFileMode(Path.Combine(folder, "locked"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task A_read_only_data_folder_a_wrong_provider_and_an_unreachable_PostgreSQL_are_one_line_each()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        var readOnly = Directory.CreateDirectory(Path.Combine(work.Path, "data")).FullName;
        File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var cannotWrite = await BrieflyProcess.RunUnprivilegedAsync(database, work.Path,
            new() { ["ConnectionStrings:Briefly"] = "Data Source=data/briefly.db" }, "ingest", SharedFiles.Seed);
        AssertOneLine(cannotWrite, $"briefly: cannot write in the folder of the SQLite database {readOnly}/briefly.db (ConnectionStrings:Briefly): " +
            $"Access to the path '{readOnly}/briefly.db.migrating' is denied.");

        var provider = await BrieflyProcess.RunAsync(database, work.Path, "briefs", "--Database:Provider=Oracle");
        AssertOneLine(provider, "briefly: Database:Provider is 'Oracle'; expected one of: Sqlite, SqlServer, Postgres.");

        var port = BrieflyProcess.FreePort();
        foreach (var command in new[] { new[] { "briefs" }, ["ingest", SharedFiles.Seed] })
        {
            var unreachable = await BrieflyProcess.RunAsync(database, work.Path, new()
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:Briefly"] = $"Host=127.0.0.1;Port={port};Username=briefly;Password=secret;Database=briefly;Timeout=3",
            }, TimeSpan.FromMinutes(2), command);
            AssertOneLine(unreachable, $"briefly: cannot reach the PostgreSQL server at 127.0.0.1:{port} (ConnectionStrings:Briefly): Connection refused");
            Assert.DoesNotContain("secret", unreachable.Errors, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Ctrl_C_during_an_ingest_stops_between_briefs_prints_the_summary_and_exits_130()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        for (var i = 1; i <= 400; i++) work.File($"briefs/{i:000}.json", Brief(i));

        var process = BrieflyProcess.Launch(database, work.Path, new() { ["Search:EmbeddingModel"] = "none" }, "ingest", "briefs");
        var collected = BrieflyProcess.RunAsync(process, TimeSpan.FromMinutes(3));
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await StoredAsync(database) < 5 && DateTime.UtcNow < deadline && !process.HasExited) await Task.Delay(50);
        // The shell's own kill: /usr/bin/kill (procps) is not on every machine.
        Run("sh", "-c", $"kill -INT {process.Id.ToString(CultureInfo.InvariantCulture)}");
        var run = await collected;

        Assert.True(run.ExitCode == 130, $"exit {run.ExitCode}: {run.Errors}");
        Assert.Contains("briefly: stopped by Ctrl-C; the briefs counted above were stored, each whole, and nothing after them was read", run.Errors);
        var created = int.Parse(System.Text.RegularExpressions.Regex.Match(run.Output, @"Briefs: (\d+) created").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(created, 5, 399);
        await using var db = database.CreateContext();
        Assert.Equal(created, await db.Briefs.CountAsync());
        Assert.Equal(created * 3, await db.Stories.CountAsync());
        Assert.Equal(created * 3, await db.Citations.CountAsync());
    }

    private static async Task<int> StoredAsync(TestDatabase database)
    {
        try
        {
            await using var db = database.CreateContext();
            return await db.Briefs.CountAsync();
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            return 0; // Not migrated yet.
        }
    }

    private static void AssertOneLine(BrieflyProcess.Result run, string line)
    {
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(line, run.Errors.Trim());
    }

    /// <summary>A brief of three stories, each with one citation, as JSON.</summary>
    private static string Brief(int number)
    {
        var date = new DateOnly(2026, 1, 1).AddDays(number % 300);
        var stories = new JsonArray([.. Enumerable.Range(1, 3).Select(s => (JsonNode)new JsonObject
        {
            ["title"] = $"Story {s} of brief {number}",
            ["source"] = "Example Wire",
            ["summary"] = $"What happened in story {s}.",
            ["whyItMatters"] = "Why it matters.",
            ["citations"] = new JsonArray($"https://example.test/{number}/{s}"),
        })]);
        return new JsonObject
        {
            ["title"] = $"Brief {number} — {date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}",
            ["date"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["stories"] = stories,
        }.ToJsonString();
    }

    private static void Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { UseShellExecute = false }) ?? throw new InvalidOperationException(program);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
