using System.Diagnostics;
using System.Globalization;
using System.Text;
using Briefly.Testing;
using Xunit.Abstractions;

namespace Briefly.Host.Tests.Faults;

/// <summary>
/// One seeded run of kills. The seed comes from BRIEFLY_FAULT_SEED when set, else is drawn; it is printed first and named
/// in any failure, so a failing run can be replayed with the same delays and the same briefs.
/// </summary>
internal sealed class FaultRun(ITestOutputHelper output, string area)
{
    public const string SeedVariable = "BRIEFLY_FAULT_SEED";

    /// <summary>
    /// What the issue asks of every command after a kill: under way within this, so held up by nothing the kill left for
    /// longer. See <see cref="WithinLimitAsync{T}"/> for how it is measured.
    /// </summary>
    public static readonly TimeSpan NextCommandLimit = TimeSpan.FromSeconds(10);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Random? _random;

    public int Seed { get; } = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } fixedSeed
        ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
        : Random.Shared.Next();

    public Random Random => _random ??= new Random(Seed);

    public int Kills { get; private set; }

    /// <summary>The most any later command was held up, against its control.</summary>
    public TimeSpan MostHeldUp { get; private set; }

    public void Log(string line) => output.WriteLine($"[{area} {_clock.Elapsed.TotalSeconds,6:0.0}s] {line}");

    /// <summary>A delay drawn evenly between the two bounds.</summary>
    public TimeSpan Between(TimeSpan from, TimeSpan to) => from + (to - from) * Random.NextDouble();

    /// <summary>Runs the body; a failure is rethrown with the seed that replays it, and a hang fails at <paramref name="limit"/>.</summary>
    public async Task RunAsync(TimeSpan limit, Func<Task> body)
    {
        Log($"seed {Seed} (replay with {SeedVariable}={Seed})");
        try
        {
            await body().WaitAsync(limit);
        }
        catch (Exception e)
        {
            throw new FaultRunException($"{area} failed after {Kills} kills, {_clock.Elapsed.TotalSeconds:0}s; replay with {SeedVariable}={Seed}: {e.Message}", e);
        }
        Log($"done: {Kills} kills in {_clock.Elapsed.TotalSeconds:0.0}s; later commands held up {MostHeldUp.TotalSeconds:0.0}s at most");
    }

    /// <summary>
    /// Starts the command and sends it SIGKILL (with its children) <paramref name="delay"/> after the first line it prints
    /// that holds <paramref name="mark"/> (after its start when null), unless it ends first. A mark never printed within
    /// half a minute is killed then. Returns whether it was killed, with its exit code and what it printed.
    /// </summary>
    public async Task<(bool Killed, int? ExitCode, string Log)> KillAsync(
        TestDatabase database, string workingDirectory, Dictionary<string, string?> settings, string[] args, string? mark, TimeSpan delay)
    {
        using var process = BrieflyProcess.Start(database, workingDirectory, args, settings);
        var log = new StringBuilder();
        var marked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (mark is null) marked.SetResult();
        void Read(string? line)
        {
            lock (log) log.AppendLine(line);
            if (line is not null && mark is not null && line.Contains(mark, StringComparison.Ordinal)) marked.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExitAsync();
        var killAt = marked.Task.ContinueWith(_ => Task.Delay(delay), TaskScheduler.Default).Unwrap();
        await Task.WhenAny(exited, killAt, Task.Delay(TimeSpan.FromSeconds(30)));
        if (exited.IsCompleted)
        {
            // Once the streams are drained too, the log is whole.
            await process.WaitForExitAsync();
            lock (log) return (false, process.ExitCode, log.ToString());
        }
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        Kills++;
        lock (log) return (true, null, log.ToString());
    }

    /// <summary>
    /// Runs a command that follows a kill and, at the same moment, a control: the same kind of command on a database no kill
    /// has touched. How long a command takes to start depends on how busy the machine is (on a shared 2-core machine a bare
    /// start can take ten seconds by itself), so the limit is put on what the kill adds: the later command may take at most
    /// <see cref="NextCommandLimit"/> longer than its control. A lock left behind would hold it up by far more (EF Core
    /// waits on a stale SQLite lock row forever).
    /// </summary>
    public async Task<T> WithinLimitAsync<T>(string what, Func<Task<T>> later, Func<Task> control)
    {
        var clock = Stopwatch.StartNew();
        var controlled = Timed(control);
        var result = await later();
        var took = clock.Elapsed;
        var controlTook = await controlled;
        var heldUp = took - controlTook;
        if (heldUp > MostHeldUp) MostHeldUp = heldUp;
        Log($"{what}: {took.TotalSeconds:0.0}s, its control {controlTook.TotalSeconds:0.0}s");
        Assert.True(heldUp < NextCommandLimit,
            $"{what} took {took.TotalSeconds:0.0}s, {heldUp.TotalSeconds:0.0}s more than the same on an untouched database ({controlTook.TotalSeconds:0.0}s)");
        return result;

        static async Task<TimeSpan> Timed(Func<Task> command)
        {
            var clock = Stopwatch.StartNew();
            await command();
            return clock.Elapsed;
        }
    }

    /// <summary>Counts a kill made by other means (a served host disposed of).</summary>
    public void Killed() => Kills++;
}

internal sealed class FaultRunException(string message, Exception inner) : Exception(message, inner);
