using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Briefly.Testing;

/// <summary>
/// Runs the real host program (Briefly.Host.dll) as a separate process: a command, or a server on a loopback port. The
/// project using it references src/Briefly.Host, so the host is built beside it.
/// </summary>
public static partial class BrieflyProcess
{
    private static readonly string HostDll = Path.Combine(AppContext.BaseDirectory, "Briefly.Host.dll");

    public sealed record Result(int ExitCode, string Output, string Errors);

    public static Task<Result> RunAsync(TestDatabase database, string workingDirectory, params string[] args) =>
        RunAsync(database, workingDirectory, new Dictionary<string, string?>(), TimeSpan.FromMinutes(3), args);

    /// <summary>Runs to its exit with these settings; a process still running after <paramref name="timeout"/> is killed.</summary>
    public static Task<Result> RunAsync(
        TestDatabase database, string workingDirectory, Dictionary<string, string?> settings, TimeSpan timeout, params string[] args) =>
        RunAsync(Start(database, workingDirectory, args, settings), timeout);

    /// <summary>
    /// Runs a command as a user file permissions apply to. Tests run as root in CI containers, and root reads any file
    /// whatever its mode; without the capabilities that let it (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) it is refused as
    /// anyone else would be.
    /// </summary>
    public static Task<Result> RunUnprivilegedAsync(
        TestDatabase database, string workingDirectory, Dictionary<string, string?> settings, params string[] args) =>
        RunAsync(Start(database, workingDirectory, args, settings, unprivileged: true), TimeSpan.FromMinutes(3));

    /// <summary>Starts a command and hands it over, for a test that interrupts it; <see cref="RunAsync(Process, TimeSpan)"/> then collects it.</summary>
    public static Process Launch(TestDatabase database, string workingDirectory, Dictionary<string, string?> settings, params string[] args) =>
        Start(database, workingDirectory, args, settings);

    public static async Task<Result> RunAsync(Process started, TimeSpan timeout)
    {
        using var process = started;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        return new Result(process.ExitCode, await output, await errors);
    }

    public static Task<RunningHost> ServeAsync(TestDatabase database, string workingDirectory, Dictionary<string, string?> settings, params string[] args) =>
        ServeOnAsync(database, workingDirectory, settings, "127.0.0.1", args);

    /// <summary>
    /// Serves on a free port of <paramref name="listenHost"/> (an address such as 0.0.0.0 for every interface),
    /// reached through loopback.
    /// </summary>
    public static async Task<RunningHost> ServeOnAsync(
        TestDatabase database, string workingDirectory, Dictionary<string, string?> settings, string listenHost, params string[] args)
    {
        // Port 0: the host binds a port nobody else has, and says which. A port picked here and passed in could be
        // taken by a test running beside this one before the host binds it, and then the probe would find that host.
        settings["Urls"] = $"http://{listenHost}:0";
        var process = Start(database, workingDirectory, args, settings);
        var log = new StringBuilder();
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            lock (log) log.AppendLine(e.Data);
            if (e.Data is { } line && ListeningPattern().Match(line) is { Success: true } match) listening.TrySetResult(int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture));
        };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddMinutes(2);
        RunningHost? host = null;
        using var probe = new HttpClient();
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The host exited with {process.ExitCode}:\n{log}");
            if (host is null && listening.Task.IsCompleted) host = new RunningHost(process, new Uri($"http://127.0.0.1:{listening.Task.Result}"), log);
            try
            {
                if (host is not null && (await probe.GetAsync(new Uri(host.Url, "/health"))).StatusCode == HttpStatusCode.OK) return host;
            }
            catch (HttpRequestException)
            {
                // Not answering yet.
            }
            await Task.Delay(200);
        }
        await (host ?? new RunningHost(process, new Uri("http://127.0.0.1"), log)).DisposeAsync();
        throw new TimeoutException($"The host did not become healthy:\n{log}");
    }

    /// <summary>ASP.NET Core's start-up line, "Now listening on: http://127.0.0.1:41234".</summary>
    [GeneratedRegex(@"Now listening on: https?://[^\s]*:(?<port>\d+)")]
    private static partial Regex ListeningPattern();

    public static Process Start(TestDatabase database, string workingDirectory, string[] args, Dictionary<string, string?> settings, bool unprivileged = false)
    {
        var asRoot = unprivileged && Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "setpriv" : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asRoot)
        {
            start.ArgumentList.Add("--bounding-set=-dac_override,-dac_read_search");
            start.ArgumentList.Add("dotnet");
        }
        start.ArgumentList.Add(HostDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // Settings go in as environment variables, the way a deployment sets them (Database__Provider, …).
        foreach (var (key, value) in database.HostSettings().Concat(settings))
            start.Environment[key.Replace(":", "__")] = value;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A served host: its process, its address and everything it wrote to the console.</summary>
public sealed class RunningHost(Process process, Uri url, StringBuilder log) : IAsyncDisposable
{
    public Uri Url { get; } = url;

    public Process Process { get; } = process;

    public string Log
    {
        get { lock (log) return log.ToString(); }
    }

    /// <summary>The lines the host logged at these levels (<c>fail</c>, <c>crit</c>), after the time that starts each line.</summary>
    public IReadOnlyList<string> LinesAt(params string[] levels) =>
        [.. Log.Split('\n').Where(line => levels.Any(level => line.Contains($"Z {level}: ", StringComparison.Ordinal)))];

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }
        Process.Dispose();
    }
}
