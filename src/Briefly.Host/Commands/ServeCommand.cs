namespace Briefly.Host.Commands;

internal static class ServeCommand
{
    public const string SamplesFolder = "samples/briefs";

    public static async Task<int> RunAsync(WebApplication app, IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        var samples = words.Contains("--samples");
        if (words.Any(w => w != "--samples")) throw new UsageException($"serve takes only --samples, not '{words.First(w => w != "--samples")}'");

        await DatabaseReadiness.PrepareAsync(app.Services, migrate: true, cancellationToken);
        if (samples)
        {
            var folder = Path.GetFullPath(SamplesFolder);
            if (!Directory.Exists(folder))
                throw new UsageException($"--samples needs {SamplesFolder} under the working directory; run from the repository root");
            var tally = await IngestCommand.IngestAsync(app.Services, [folder], Console.Error, cancellationToken);
            HostLog.SamplesIngested(app.Logger, folder, tally.ToString());
        }
        await app.RunAsync(cancellationToken);
        return 0;
    }
}
