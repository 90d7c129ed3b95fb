using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
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
        // No embedding model: /health/ready says Degraded with 200, which is still a host that answers.
        await using var host = await BrieflyProcess.ServeOnAsync(
            database, work.Path, new() { ["Teams:Enabled"] = "false", ["Search:EmbeddingModel"] = "none" }, "0.0.0.0");

        var probe = await ProbeAsync([], new() { ["Urls"] = $"http://+:{host.Url.Port}" });

        Assert.True(probe.ExitCode == 0, probe.Output);
        Assert.Contains($"http://127.0.0.1:{host.Url.Port}/health/ready 200 {{\"status\":\"Degraded\"", probe.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_names_each_check_and_turns_503_when_the_database_goes_while_live_stays_200()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var dropped = database;
        using var work = new TempFolder();
        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, new() { ["Teams:Enabled"] = "false", ["Search:EmbeddingModel"] = "none" });
        using var http = new HttpClient { BaseAddress = host.Url };

        var ready = await http.GetAsync("/health/ready");
        var readyBody = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", (string?)readyBody["status"]);
        Assert.Equal(["database", "job-storage", "search-index", "semantic-search"],
            readyBody["checks"]!.AsObject().Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.Equal("Healthy", (string?)readyBody["checks"]!["search-index"]!["status"]);

        // The database is dropped under the running host: it can do no work, but it is alive and needs no restart.
        await database.DisposeAsync();
        var readyAfter = await http.GetAsync("/health/ready");
        var afterBody = JsonNode.Parse(await readyAfter.Content.ReadAsStringAsync())!;
        var live = await http.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyAfter.StatusCode);
        Assert.Equal("Unhealthy", (string?)afterBody["checks"]!["database"]!["status"]);
        Assert.DoesNotContain(database.ConnectionString, afterBody.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", (string?)JsonNode.Parse(await live.Content.ReadAsStringAsync())!["status"]);
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
    [InlineData(null, "http://127.0.0.1:3978/health/ready")]
    [InlineData("", "http://127.0.0.1:3978/health/ready")]
    [InlineData("http://+:3978", "http://127.0.0.1:3978/health/ready")]
    [InlineData("http://*:8080/", "http://127.0.0.1:8080/health/ready")]
    [InlineData("http://0.0.0.0:5000", "http://127.0.0.1:5000/health/ready")]
    [InlineData("http://[::]:5001", "http://127.0.0.1:5001/health/ready")]
    [InlineData("http://[::1]:5002", "http://[::1]:5002/health/ready")]
    [InlineData("https://+:443;http://localhost:3980", "http://localhost:3980/health/ready")]
    [InlineData("https://+:443", "http://127.0.0.1:3978/health/ready")]
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
