using System.Diagnostics;
using Briefly.Data;
using Briefly.HealthProbe;
using Briefly.Testing;
using Microsoft.AspNetCore.Http;

namespace Briefly.Host.Tests;

/// <summary>
/// The image's HEALTHCHECK command (src/Briefly.HealthProbe), run as the container runs it: a separate process
/// beside a served host, finding it through the same Urls setting.
/// </summary>
public sealed class HealthProbeTests
{
    private static readonly string ProbeDll = Path.Combine(AppContext.BaseDirectory, "Briefly.HealthProbe.dll");

    [Fact]
    public async Task Passes_on_a_served_host_listening_on_every_interface_as_in_the_container()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        // No embedding model: /health says Degraded with 200, which is still a host that answers.
        await using var host = await BrieflyProcess.ServeOnAsync(
            database, work.Path, new() { ["Teams:Enabled"] = "false", ["Search:EmbeddingModel"] = "none" }, "0.0.0.0");

        var probe = await ProbeAsync([], new() { ["Urls"] = $"http://+:{host.Url.Port}" });

        Assert.True(probe.ExitCode == 0, probe.Output);
        Assert.Contains($"http://127.0.0.1:{host.Url.Port}/health 200 Degraded", probe.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_when_the_host_says_Unhealthy()
    {
        await using var unhealthy = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync("Unhealthy");
        });

        var probe = await ProbeAsync([unhealthy.Url("/health").AbsoluteUri], []);

        Assert.Equal(1, probe.ExitCode);
        Assert.Contains("503 Unhealthy", probe.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_when_nothing_answers()
    {
        var probe = await ProbeAsync([$"http://127.0.0.1:{BrieflyProcess.FreePort()}/health"], []);

        Assert.Equal(1, probe.ExitCode);
    }

    [Theory]
    [InlineData(null, "http://127.0.0.1:3978/health")]
    [InlineData("", "http://127.0.0.1:3978/health")]
    [InlineData("http://+:3978", "http://127.0.0.1:3978/health")]
    [InlineData("http://*:8080/", "http://127.0.0.1:8080/health")]
    [InlineData("http://0.0.0.0:5000", "http://127.0.0.1:5000/health")]
    [InlineData("http://[::]:5001", "http://127.0.0.1:5001/health")]
    [InlineData("http://[::1]:5002", "http://[::1]:5002/health")]
    [InlineData("https://+:443;http://localhost:3980", "http://localhost:3980/health")]
    [InlineData("https://+:443", "http://127.0.0.1:3978/health")]
    public void Finds_the_host_from_its_Urls_setting(string? urls, string expected)
    {
        Assert.Equal(new Uri(expected), HealthAddress.FromUrls(urls));
    }

    private static async Task<(int ExitCode, string Output)> ProbeAsync(string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ProbeDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("Urls");
        foreach (var (key, value) in environment) start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        // The probe gives up after 5 s itself; the image's HEALTHCHECK allows it 10.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output + await errors);
    }
}
