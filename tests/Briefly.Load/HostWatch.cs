using System.Globalization;
using System.Text.RegularExpressions;
using Briefly.Testing;

namespace Briefly.Load;

/// <summary>
/// One life of one served host: its resident memory sampled every 250 ms from /proc, its high-water mark read before it
/// ends, and its console log kept for counting warnings.
/// </summary>
internal sealed partial class HostWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peakRssKb;

    private readonly CpuQuota? _quota;

    private HostWatch(RunningHost host, int number, int life, double? cores)
    {
        Host = host;
        _quota = cores is { } share ? CpuQuota.Apply(host.Process.Id, share) : null;
        Number = number;
        Life = life;
        Pid = host.Process.Id;
        _sampling = SampleAsync();
    }

    public RunningHost Host { get; }

    public int Number { get; }

    public int Life { get; }

    public int Pid { get; }

    public long PeakRssKb => Interlocked.Read(ref _peakRssKb);

    /// <summary>The resident memory now; 0 once the process is gone.</summary>
    public long RssKb => Status("VmRSS") ?? 0;

    /// <summary>VmHWM, the kernel's own peak of resident memory, read when the life ended.</summary>
    public long HighWaterKb { get; private set; }

    public string Log { get; private set; } = "";

    public bool Killed { get; private set; }

    /// <summary>Serves a host; with <paramref name="cores"/>, held to that many processors' time once it is serving.</summary>
    public static async Task<HostWatch> StartAsync(
        TestDatabase database, string work, Dictionary<string, string?> settings, int number, int life, double? cores)
    {
        var host = await BrieflyProcess.ServeAsync(database, work, new(settings), "serve");
        try
        {
            return new(host, number, life, cores);
        }
        catch
        {
            // No quota could be set: the host is stopped rather than left serving after the run has failed.
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL, as a crashed machine or an OOM kill would end it.</summary>
    public async Task KillAsync()
    {
        Killed = true;
        await EndAsync();
    }

    public async Task EndAsync()
    {
        if (HighWaterKb > 0) return;
        HighWaterKb = Status("VmHWM") ?? 0;
        Sample();
        await _stop.CancelAsync();
        await _sampling;
        await Host.DisposeAsync();
        _quota?.Dispose();
        Log = Host.Log;
    }

    public async ValueTask DisposeAsync()
    {
        await EndAsync();
        _stop.Dispose();
    }

    /// <summary>The log lines at Warning or above, by level, category and event id: "warn: Briefly.Core.Deliveries.BriefSender[1512]".</summary>
    public IEnumerable<(string Event, string Line)> Warnings() =>
        Log.Split('\n').Select(line => (Line: line.TrimEnd('\r'), Match: WarningLine().Match(line)))
            .Where(x => x.Match.Success)
            .Select(x => ($"{x.Match.Groups["level"].Value}: {x.Match.Groups["event"].Value}", x.Line));

    private async Task SampleAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
            while (await timer.WaitForNextTickAsync(_stop.Token)) Sample();
        }
        catch (OperationCanceledException)
        {
            // The life is over.
        }
    }

    private void Sample()
    {
        _ = CpuTime;
        if (Status("VmRSS") is not { } rss) return;
        long seen;
        while (rss > (seen = Interlocked.Read(ref _peakRssKb)) && Interlocked.CompareExchange(ref _peakRssKb, rss, seen) != seen)
        {
            // Another sample moved it; compare again.
        }
    }

    /// <summary>
    /// The processor time the host has used so far (user and system, from /proc/&lt;pid&gt;/stat); the last value read once
    /// the process is gone.
    /// </summary>
    public TimeSpan CpuTime
    {
        get
        {
            try
            {
                // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th of them, in ticks of 1/100 s.
                var stat = File.ReadAllText($"/proc/{Pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                _lastCpuTime = TimeSpan.FromSeconds(ticks / 100.0);
            }
            catch (IOException)
            {
                // Gone: the last value read stands.
            }
            return _lastCpuTime;
        }
    }

    private TimeSpan _lastCpuTime;

    /// <summary>A "kB" line of /proc/&lt;pid&gt;/status; null once the process is gone.</summary>
    private long? Status(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            // Gone between the check and the read.
        }
        return null;
    }

    /// <summary>The served host's line: its UTC time, then "warn: Category[EventId]" and the message.</summary>
    [GeneratedRegex(@"^(?:\S+Z )?(?<level>warn|fail|crit): (?<event>[^\s\[]+\[\d+\])")]
    private static partial Regex WarningLine();
}
