using Briefly.Host.Publishing;
using Briefly.Teams;
using Microsoft.Extensions.Options;

namespace Briefly.Host.Commands;

/// <summary>`teams-package [--out &lt;file.zip&gt;]`: writes the Teams app package for this deployment's settings.</summary>
internal static class TeamsPackageCommand
{
    private const string DefaultFile = "briefly-teams.zip";

    public static Task<int> RunAsync(WebApplication app, IReadOnlyList<string> words)
    {
        var file = words switch
        {
            [] => DefaultFile,
            ["--out", var given] => given,
            ["--out"] => throw new UsageException("--out needs a file name, e.g. --out briefly-teams.zip"),
            _ => throw new UsageException($"teams-package takes only --out <file.zip>, not '{string.Join(" ", words)}'"),
        };
        var teams = app.Services.GetRequiredService<IOptions<TeamsOptions>>().Value;
        var publishing = app.Services.GetRequiredService<IOptions<PublishingOptions>>().Value;
        var missing = new List<string>();
        if (!Guid.TryParse(teams.MicrosoftAppId, out var appId))
            missing.Add("Teams:MicrosoftAppId, the Azure Bot's Microsoft App ID (a GUID)");
        if (publishing.PublicUrl is null)
            missing.Add("Publishing:PublicUrl, the https address Teams reaches this Briefly at (its messaging endpoint is that address + /api/messages)");
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"briefly: teams-package needs {string.Join("; and ", missing)}.");
            return Task.FromResult(ExitCodes.Failed);
        }

        var manifest = TeamsPackage.Manifest(appId, publishing);
        var path = Path.GetFullPath(file);
        using (var output = File.Create(path)) TeamsPackage.Write(output, manifest);
        Console.Out.WriteLine($"Wrote {path}: the Teams app {appId}, version {publishing.AppVersion}, for {publishing.PublicUrl!.Authority}.");
        Console.Out.WriteLine("Upload it in Teams (Apps > Manage your apps > Upload an app), or for everyone in the Teams admin center (Manage apps > Upload new app).");
        return Task.FromResult(0);
    }
}
