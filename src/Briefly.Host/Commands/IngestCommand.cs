using Briefly.Core.Briefs;
using Briefly.Core.Feeds;
using Microsoft.Extensions.Options;

namespace Briefly.Host.Commands;

/// <summary>`ingest &lt;file|folder|feed&gt;...`: every brief is stored or rejected on its own; the exit code says if any failed.</summary>
internal static class IngestCommand
{
    private static readonly string[] BriefExtensions = [".txt", ".text", ".md", ".markdown", ".html", ".htm", ".json"];
    private static readonly string[] FeedExtensions = [".xml", ".rss", ".atom"];

    public static async Task<int> RunAsync(WebApplication app, IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        if (words.Count == 0) throw new UsageException("ingest needs at least one file, folder or feed URL");
        if (words.FirstOrDefault(w => w.StartsWith("--", StringComparison.Ordinal)) is { } flag)
            throw new UsageException($"ingest has no option '{flag}'");

        await Database.PrepareAsync(app.Services, migrate: true, cancellationToken);
        var tally = await IngestAsync(app.Services, words, Console.Error, cancellationToken);
        Console.Out.WriteLine($"Briefs: {tally}.");
        return tally.Rejected == 0 ? 0 : 1;
    }

    public static async Task<IngestTally> IngestAsync(IServiceProvider services, IReadOnlyList<string> sources, TextWriter messages, CancellationToken cancellationToken)
    {
        var tally = new IngestTally();
        var progress = new TerminalProgress(messages, enabled: messages == Console.Error && !Console.IsErrorRedirected);
        var files = new List<string>();
        foreach (var source in sources)
        {
            if (Uri.TryCreate(source, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                await IngestFeedAsync(services, url, tally, progress, cancellationToken);
            }
            else if (Directory.Exists(source))
            {
                files.AddRange(Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
                    .Where(f => BriefExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()) || IsFeedFile(f))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(source))
            {
                files.Add(source);
            }
            else
            {
                tally.Fail($"{source}: no such file, folder or http(s) URL");
            }
        }

        var maxBytes = services.GetRequiredService<IOptions<IngestOptions>>().Value.MaxBriefBytes;
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsFeedFile(file)) await IngestFeedFileAsync(services, file, tally, progress, cancellationToken);
            else await IngestFileAsync(services, file, maxBytes, tally, cancellationToken);
            progress.Report(tally, files.Count);
        }
        progress.Done();
        foreach (var error in tally.Errors) messages.WriteLine(error);
        return tally;
    }

    private static async Task IngestFileAsync(IServiceProvider services, string file, int maxBytes, IngestTally tally, CancellationToken cancellationToken)
    {
        var place = Path.GetRelativePath(Environment.CurrentDirectory, file);
        var length = new FileInfo(file).Length;
        // A 50 MB file is refused by its size, before a byte of it is read.
        var parsed = BriefInput.CheckSize(length, maxBytes) is { } tooLarge
            ? BriefParseResult.Fail(tooLarge)
            : BriefInput.Parse(await File.ReadAllBytesAsync(file, cancellationToken), BriefInput.FormatFromFileName(file), maxBytes);
        if (parsed.Brief is null)
        {
            tally.Add(IngestOutcome.Rejected(parsed.Errors.Select(e => e.Describe(place))));
            return;
        }
        await using var scope = services.CreateAsyncScope();
        var ingestor = scope.ServiceProvider.GetRequiredService<BriefIngestor>();
        tally.Add(await ingestor.IngestAsync(parsed.Brief, place, BriefOwner.CommandLine, cancellationToken));
    }

    private static async Task IngestFeedAsync(IServiceProvider services, Uri url, IngestTally tally, TerminalProgress progress, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var fetched = await scope.ServiceProvider.GetRequiredService<FeedFetcher>().FetchAsync(new FeedRequest(url), cancellationToken);
        switch (fetched)
        {
            case FeedFetchResult.Modified modified:
                await IngestFeedDocumentAsync(scope.ServiceProvider, url.ToString(), modified.Content, modified.ContentType, tally, progress, cancellationToken);
                break;
            case FeedFetchResult.RetryLater retry:
                tally.Fail($"{url}: {retry.Reason}; try again after {retry.NotBefore:u}");
                break;
            case FeedFetchResult.Failed failed:
                tally.Fail($"{url}: {failed.Reason}");
                break;
            default:
                tally.Fail($"{url}: unexpected answer {fetched}");
                break;
        }
    }

    private static async Task IngestFeedFileAsync(IServiceProvider services, string file, IngestTally tally, TerminalProgress progress, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var place = Path.GetRelativePath(Environment.CurrentDirectory, file);
        await IngestFeedDocumentAsync(scope.ServiceProvider, place, await File.ReadAllTextAsync(file, cancellationToken), null, tally, progress, cancellationToken);
    }

    private static async Task IngestFeedDocumentAsync(IServiceProvider scoped, string place, string content, string? contentType,
        IngestTally tally, TerminalProgress progress, CancellationToken cancellationToken)
    {
        var read = FeedDocumentReader.Read(content, contentType);
        if (!read.Succeeded)
        {
            tally.Fail($"{place}: {read.Error}");
            return;
        }
        var poller = scoped.GetRequiredService<FeedPoller>();
        var before = tally.Total;
        await poller.IngestItemsAsync(feedId: null, place, read.Items, tally, cancellationToken,
            new Progress(t => progress.Report(t, before + read.Items.Count)));
    }

    /// <summary>A JSON Feed is a .json file too: it is told from a brief by its version URL.</summary>
    private static bool IsFeedFile(string file)
    {
        var extension = Path.GetExtension(file).ToLowerInvariant();
        if (FeedExtensions.Contains(extension)) return true;
        if (extension != ".json") return false;
        using var reader = new StreamReader(file);
        var head = new char[512];
        var read = reader.Read(head, 0, head.Length);
        return new string(head, 0, read).Contains("jsonfeed.org/version", StringComparison.Ordinal);
    }

    private sealed class Progress(Action<IngestTally> report) : IProgress<IngestTally>
    {
        public void Report(IngestTally value) => report(value);
    }
}

/// <summary>One line, rewritten in place, on a terminal; nothing when the output is a file or a pipe.</summary>
internal sealed class TerminalProgress(TextWriter writer, bool enabled)
{
    private bool _written;

    public void Report(IngestTally tally, int expected) =>
        Write($"[{tally.Total}/{Math.Max(expected, tally.Total)}] {tally}; {tally.Embedded} stories embedded");

    public void Write(string line)
    {
        if (!enabled) return;
        writer.Write($"\r{line}   ");
        _written = true;
    }

    public void Done()
    {
        if (_written) writer.WriteLine();
    }
}
