using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Briefly.Testing;

namespace Briefly.Host.Tests;

/// <summary>
/// The Azure templates in infra/azure, compiled by the real Bicep CLI (the NuGet package's binary, which the build
/// names in this assembly's metadata). Bicep checks every resource type, API version and property against the
/// Azure types it carries, offline; its linter's findings come as warnings with exit code 0, so any line on
/// standard error fails a test here.
/// </summary>
public sealed partial class AzureTemplateTests
{
    private static readonly string AzureFolder = RepositoryFiles.Path("infra", "azure");

    /// <summary>Dummy values for what main.bicepparam reads from the environment; the secure ones must come back unchanged.</summary>
    private static readonly Dictionary<string, string> DeploymentEnvironment = new(StringComparer.Ordinal)
    {
        ["BRIEFLY_IMAGE"] = "example.azurecr.io/briefly:1.0.0",
        ["BRIEFLY_TEAMS_APP_ID"] = "11111111-2222-3333-4444-555555555555",
        ["BRIEFLY_TEAMS_APP_PASSWORD"] = "teams-secret-from-the-environment",
        ["BRIEFLY_POSTGRES_PASSWORD"] = "postgres-secret-from-the-environment",
        ["BRIEFLY_INGEST_API_KEY"] = "ingest-secret-from-the-environment",
    };

    public static TheoryData<string> BicepFiles => new(
        Directory.EnumerateFiles(AzureFolder, "*.bicep", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepositoryFiles.Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Each_Bicep_file_builds_without_an_error_or_a_warning(string file)
    {
        var template = JsonNode.Parse(await BuildAsync(file))!;

        Assert.EndsWith("/deploymentTemplate.json#", (string?)template["$schema"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_parameters_file_builds_and_takes_every_secret_from_the_environment()
    {
        var built = JsonNode.Parse(await RunCleanAsync(["build-params", "--stdout", "infra/azure/main.bicepparam"], DeploymentEnvironment))!;
        var parameters = JsonNode.Parse((string)built["parametersJson"]!)!["parameters"]!;

        Assert.Equal(DeploymentEnvironment["BRIEFLY_TEAMS_APP_PASSWORD"], (string?)parameters["teamsAppPassword"]!["value"]);
        Assert.Equal(DeploymentEnvironment["BRIEFLY_POSTGRES_PASSWORD"], (string?)parameters["postgresAdminPassword"]!["value"]);
        Assert.Equal(DeploymentEnvironment["BRIEFLY_INGEST_API_KEY"], (string?)parameters["ingestApiKey"]!["value"]);

        // Every secure parameter is read from the environment, never written in the file.
        var template = JsonNode.Parse(await BuildAsync("infra/azure/main.bicep"))!;
        var secure = template["parameters"]!.AsObject().Where(p => (string?)p.Value!["type"] == "securestring").Select(p => p.Key).ToList();
        var text = File.ReadAllText(Path.Combine(AzureFolder, "main.bicepparam"));
        Assert.NotEmpty(secure);
        Assert.All(secure, name => Assert.Matches($@"(?m)^param {name} = readEnvironmentVariable\('BRIEFLY_[A-Z_]+'", text));
    }

    [Fact]
    public async Task The_deployment_outputs_the_messaging_endpoint_and_the_apps_address()
    {
        var template = JsonNode.Parse(await BuildAsync("infra/azure/main.bicep"))!;
        var bot = JsonNode.Parse(await BuildAsync("infra/azure/modules/bot.bicep"))!;

        Assert.Contains("messagingEndpoint", template["outputs"]!.AsObject().Select(o => o.Key));
        Assert.Contains("appUrl", template["outputs"]!.AsObject().Select(o => o.Key));
        var main = File.ReadAllText(Path.Combine(AzureFolder, "main.bicep"));
        Assert.Contains("messagingEndpoint: '${app.outputs.url}/api/messages'", main, StringComparison.Ordinal);

        var botResources = Resources(bot).ToList();
        var registration = Assert.Single(botResources, r => (string?)r["type"] == "Microsoft.BotService/botServices");
        Assert.Equal("global", (string?)registration["location"]);
        var channel = Assert.Single(botResources, r => (string?)r["type"] == "Microsoft.BotService/botServices/channels");
        Assert.Equal("MsTeamsChannel", (string?)channel["properties"]!["channelName"]);
    }

    [Fact]
    public async Task The_container_app_probes_liveness_and_readiness_apart_on_the_images_port()
    {
        var app = JsonNode.Parse(await BuildAsync("infra/azure/modules/app.bicep"))!;
        var containerApp = Assert.Single(Resources(app), r => (string?)r["type"] == "Microsoft.App/containerApps");
        var probes = containerApp["properties"]!["template"]!["containers"]![0]!["probes"]!.AsArray();

        Assert.Equal(["Liveness", "Readiness", "Startup"], probes.Select(p => (string)p!["type"]!).Order(StringComparer.Ordinal));
        // The probes share variables; the compiled template names them rather than repeating them.
        string Probe(string type) => (string)probes.Single(p => (string?)p!["type"] == type)!["httpGet"]!;
        Assert.Equal("[variables('live')]", Probe("Liveness"));
        Assert.Equal("[variables('ready')]", Probe("Readiness"));
        Assert.Equal("[variables('ready')]", Probe("Startup"));
        Assert.Equal("/health/live", (string?)app["variables"]!["live"]!["path"]);
        Assert.Equal("/health/ready", (string?)app["variables"]!["ready"]!["path"]);
        Assert.All(new[] { "live", "ready" }, v => Assert.Equal("[variables('port')]", (string?)app["variables"]![v]!["port"]));
        Assert.Equal(3978, (int)app["variables"]!["port"]!);
        Assert.Contains("EXPOSE 3978", File.ReadAllText(RepositoryFiles.Path("infra", "Dockerfile")), StringComparison.Ordinal);
    }

    /// <summary>
    /// A setting with a misspelt key is silently ignored by the host, so every key the deployment files set in
    /// environment form (Slack__BotToken) must be one README.md's settings table documents (Slack:BotToken).
    /// </summary>
    [Fact]
    public void Every_setting_the_deployment_files_give_is_one_the_host_reads()
    {
        var documented = DocumentedSettings();
        var files = Directory.EnumerateFiles(AzureFolder, "*.bicep*", SearchOption.AllDirectories)
            .Append(RepositoryFiles.Path("infra", "compose.yaml"))
            .Append(RepositoryFiles.Path("infra", "Dockerfile"));

        var used = files.SelectMany(f => EnvironmentKey().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Value))).ToList();

        Assert.Contains(used, u => u.Key == "ConnectionStrings__Briefly");
        Assert.All(used, u => Assert.True(documented.Contains(u.Key.Replace("__", ":")), $"{u.File} sets {u.Key}, which README.md's settings table does not name."));
    }

    /// <summary>Bicep exits 0 on a linter warning; this proves a warning still fails <see cref="BuildAsync"/>.</summary>
    [Fact]
    public async Task A_warning_fails_the_build()
    {
        using var work = new TempFolder();
        var file = work.File("unused.bicep", "param unused string\n");

        var failure = await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(() => BuildAsync(file));
        Assert.Contains("no-unused-params", failure.Message, StringComparison.Ordinal);
    }

    private static Task<string> BuildAsync(string file) => RunCleanAsync(["build", "--stdout", file], new Dictionary<string, string>());

    /// <summary>Runs the Bicep CLI from the repository root; a non-zero exit or anything on standard error fails.</summary>
    private static async Task<string> RunCleanAsync(string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(BicepPath())
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }

        var diagnostics = (await errors).Trim();
        Assert.True(process.ExitCode == 0 && diagnostics.Length == 0, $"bicep {string.Join(' ', args)} exited {process.ExitCode}:\n{diagnostics}");
        return await output;
    }

    private static string BicepPath()
    {
        Assert.True(
            OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64,
            "The Bicep CLI comes from Azure.Bicep.CommandLine.linux-x64, the only build of it the registry here serves: these tests run on linux-x64.");
        var path = typeof(AzureTemplateTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == "BicepPath")?.Value;
        Assert.True(File.Exists(path), $"The Bicep CLI is not at '{path}': restore tests/Briefly.Host.Tests (the package's props set BicepPath).");
        return path!;
    }

    /// <summary>A compiled template lists its resources as an array, or (language version 2.0) as an object by symbolic name.</summary>
    private static IEnumerable<JsonNode> Resources(JsonNode template) => template["resources"] switch
    {
        JsonArray array => array.OfType<JsonNode>(),
        JsonObject named => named.Select(r => r.Value).OfType<JsonNode>(),
        _ => [],
    };

    /// <summary>The configuration keys README.md's settings table names (Slack:BotToken, Teams:Enabled, …).</summary>
    private static HashSet<string> DocumentedSettings()
    {
        var table = File.ReadLines(RepositoryFiles.Path("README.md"))
            .SkipWhile(l => !l.StartsWith("| Setting", StringComparison.Ordinal))
            .TakeWhile(l => l.StartsWith('|'));
        return table.SelectMany(row => DocumentedKey().Matches(row).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"`([A-Za-z]+(?::[A-Za-z0-9]+)+)(?:=[^`]*)?`")]
    private static partial Regex DocumentedKey();

    [GeneratedRegex(@"\b[A-Z][A-Za-z0-9]*(?:__[A-Z][A-Za-z0-9]*)+\b")]
    private static partial Regex EnvironmentKey();
}
