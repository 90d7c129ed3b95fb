using System.Text;
using Briefly.Core.Briefs;
using Briefly.Core.Feeds;
using Briefly.Core.Telemetry;
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

        await DatabaseReadiness.PrepareAsync(app.Services, migrate: true, cancellationToken);
        var tally = await IngestAsync(app.Services, words, Console.Error, cancellationToken);
        Console.Out.WriteLine($"Briefs: {tally}.");
        if (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine("briefly: stopped by Ctrl-C; the briefs counted above were stored, each whole, and nothing after them was read");
            return ExitCodes.Interrupted;
        }
        return tally.Rejected == 0 ? 0 : 1;
    }

    /// <summary>
    /// Takes in every source in turn. A source that cannot be read is named with the rule and the rest go on; Ctrl-C stops
    /// between two briefs (the one being stored is stored whole or not at all) and the tally so far is returned.
    /// </summary>
    public static async Task<IngestTally> IngestAsync(IServiceProvider services, IReadOnlyList<string> sources, TextWriter messages, CancellationToken cancellationToken)
    {
        var tally = new IngestTally();
        var progress = new TerminalProgress(messages, enabled: messages == Console.Error && !Console.IsErrorRedirected);
        var files = new List<string>();
        foreach (var source in sources)
        {
            if (Uri.TryCreate(source, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                if (!await StoppableAsync(source, () => IngestFeedAsync(services, url, tally, progress, cancellationToken), tally, cancellationToken)) break;
            }
            else if (Directory.Exists(source))
            {
                files.AddRange(InputFiles.Walk(source, f => BriefExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()) || IsFeedFile(f), tally));
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
            var read = IsFeedFile(file)
                ? StoppableAsync(file, () => IngestFeedFileAsync(services, file, maxBytes, tally, progress, cancellationToken), tally, cancellationToken)
                : StoppableAsync(file, () => IngestFileAsync(services, file, maxBytes, tally, cancellationToken), tally, cancellationToken);
            if (!await read) break;
            progress.Report(tally, files.Count);
        }
        progress.Done();
        foreach (var error in tally.Errors) messages.WriteLine(error);
        return tally;
    }

    private static async Task IngestFileAsync(IServiceProvider services, string file, int maxBytes, IngestTally tally, CancellationToken cancellationToken)
    {
        var place = InputFiles.Place(file);
        var (bytes, problem) = await InputFiles.ReadAsync(file, maxBytes, cancellationToken);
        var parsed = bytes is null ? BriefParseResult.Fail(problem!) : BriefInput.Parse(bytes, BriefInput.FormatFromFileName(file), maxBytes);
        if (parsed.Brief is null)
        {
            tally.Add(IngestOutcome.Rejected(parsed.Errors.Select(e => e.Describe(place))));
            BrieflyTelemetry.BriefIngested(nameof(IngestStatus.Rejected), "file");
            return;
        }
        await using var scope = services.CreateAsyncScope();
        var ingestor = scope.ServiceProvider.GetRequiredService<BriefIngestor>();
        tally.Add(await ingestor.IngestAsync(parsed.Brief, place, BriefOwner.CommandLine, cancellationToken));
    }

    /// <summary>
    /// Runs one source; false when Ctrl-C stopped it. A brief being stored then is rolled back whole by its transaction,
    /// so it is counted as not stored, and the sources after it are not read.
    /// </summary>
    private static async Task<bool> StoppableAsync(string source, Func<Task> ingest, IngestTally tally, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return false;
        try
        {
            await ingest();
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            tally.Fail($"{Display(source)}: stopped by Ctrl-C; the brief being stored then was not stored");
            return false;
        }
    }

    private static string Display(string source) => Uri.TryCreate(source, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
        ? Redacted.Url(url)
        : InputFiles.Place(source);

    private static async Task IngestFeedAsync(IServiceProvider services, Uri url, IngestTally tally, TerminalProgress progress, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        // The fetcher refuses an address the feed policy does not allow before sending anything, and says why.
        var fetched = await scope.ServiceProvider.GetRequiredService<FeedFetcher>().FetchAsync(new FeedRequest(url), cancellationToken);
        var place = Redacted.Url(url);
        switch (fetched)
        {
            case FeedFetchResult.Modified modified:
                await IngestFeedDocumentAsync(scope.ServiceProvider, place, modified.Content, modified.ContentType, tally, progress, cancellationToken);
                break;
            case FeedFetchResult.RetryLater retry:
                tally.Fail($"{place}: {retry.Reason}; try again after {retry.NotBefore:u}");
                break;
            case FeedFetchResult.Failed failed:
                tally.Fail($"{place}: {failed.Reason}");
                break;
            default:
                tally.Fail($"{place}: unexpected answer {fetched.GetType().Name}");
                break;
        }
    }

    private static async Task IngestFeedFileAsync(IServiceProvider services, string file, int maxBytes, IngestTally tally, TerminalProgress progress, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var place = InputFiles.Place(file);
        // A feed file holds many briefs: it may be larger than one, but not without bound.
        var (bytes, problem) = await InputFiles.ReadAsync(file, FeedFileMaxBytes(scope.ServiceProvider), cancellationToken);
        if (bytes is null)
        {
            tally.Fail(problem!.Describe(place));
            return;
        }
        using var text = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        await IngestFeedDocumentAsync(scope.ServiceProvider, place, await text.ReadToEndAsync(cancellationToken), null, tally, progress, cancellationToken);
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

    /// <summary>
    /// A JSON Feed is a .json file too: it is told from a brief by its version URL. A file that cannot be looked into is
    /// taken as a brief, whose reading then says what is wrong with it.
    /// </summary>
    private static bool IsFeedFile(string file)
    {
        var extension = Path.GetExtension(file).ToLowerInvariant();
        if (FeedExtensions.Contains(extension)) return true;
        if (extension != ".json") return false;
        try
        {
            if (new FileInfo(file).Length == 0) return false;
            using var reader = new StreamReader(file);
            var head = new char[512];
            var read = reader.Read(head, 0, head.Length);
            return new string(head, 0, read).Contains("jsonfeed.org/version", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    /// <summary>The feed fetcher's limit on a feed's size applies to a feed file too.</summary>
    private static int FeedFileMaxBytes(IServiceProvider services) =>
        services.GetRequiredService<IOptions<FeedFetcherOptions>>().Value.MaxResponseBytes;

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
