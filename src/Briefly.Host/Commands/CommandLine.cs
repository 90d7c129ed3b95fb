using Briefly.Data;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Briefly.Host.Commands;

/// <summary>
/// Splits the arguments into settings (<c>--Key=value</c>, read as configuration) and a command with its words
/// (<c>ingest samples/briefs</c>, <c>briefs --json</c>). No command means serve.
/// </summary>
internal sealed record CommandLine(string Command, IReadOnlyList<string> Words, string[] ConfigurationArgs)
{
    public const string Usage = """
        Usage: dotnet run --project src/Briefly.Host -- [command] [--Key=value ...]

        Commands:
          serve [--samples]          serve the bot (the default); --samples first takes in samples/briefs
          ingest <file|folder|feed-url>...
                                     take in briefs from files (.txt .md .html .json), folders of them,
                                     or an RSS / Atom / JSON Feed URL or file (.xml .rss .atom)
          briefs [--json]            list the stored briefs
          ask "<question>" [--json]  answer a question from the stored stories, as the bot would
          card <brief|answer|help|topics|alert|digest> --platform teams|slack [--date yyyy-MM-dd] [--question "…"]
                                     print the exact payloads the bot would send, as a JSON array
          feeds add <url> [--every <minutes>] [--name <name>]
          feeds list | feeds remove <url>
          migrate [--script]         apply the database migrations (needed for SQL Server), or print them as SQL
          reindex [--all]            compute the story vectors semantic search needs that are missing or from
                                     another model (after a model change); --all: every story's again
          teams-package [--out <file.zip>]
                                     write the Teams app package (manifest and icons) for this deployment's
                                     Teams:MicrosoftAppId and Publishing:PublicUrl
          help                       this text

        Settings are configuration keys, e.g. --Database:Provider=Postgres --ConnectionStrings:Briefly="Host=…".
        """;

    public bool Serves => Command == "serve";

    public static CommandLine Parse(string[] args)
    {
        var settings = args.Where(IsSetting).ToArray();
        var words = args.Where(a => !IsSetting(a)).ToList();
        if (words.Count == 0) return new CommandLine("serve", [], settings);
        return new CommandLine(words[0].ToLowerInvariant(), words.Skip(1).ToList(), settings);
    }

    private static bool IsSetting(string arg) =>
        (arg.StartsWith("--", StringComparison.Ordinal) || arg.StartsWith('/')) && arg.Contains('=');

    /// <summary>
    /// Builds the host and runs the command. What stops it from starting or working (a wrong setting, a database it cannot
    /// reach) ends in one line naming the thing, exit code 1; anything else unforeseen in one line too, with the details
    /// in the log at Debug.
    /// </summary>
    public async Task<int> RunAsync(Func<WebApplication> build)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = !Serves; cancellation.Cancel(); };
        WebApplication? app = null;
        try
        {
            app = build();
            return Command switch
            {
                "serve" => await ServeCommand.RunAsync(app, Words, cancellation.Token),
                "ingest" => await IngestCommand.RunAsync(app, Words, cancellation.Token),
                "briefs" => await BriefsCommand.RunAsync(app, Words, cancellation.Token),
                "ask" => await AskCommand.RunAsync(app, Words, cancellation.Token),
                "card" => await CardCommand.RunAsync(app, Words, cancellation.Token),
                "feeds" => await FeedsCommand.RunAsync(app, Words, cancellation.Token),
                "migrate" => await MigrateCommand.RunAsync(app, Words, cancellation.Token),
                "reindex" => await ReindexCommand.RunAsync(app, Words, cancellation.Token),
                "teams-package" => await TeamsPackageCommand.RunAsync(app, Words),
                "help" or "--help" or "-h" => Help(Console.Out, 0),
                _ => UsageError($"unknown command '{Command}'"),
            };
        }
        catch (UsageException e)
        {
            return UsageError(e.Message);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine($"briefly: {Command} stopped by Ctrl-C");
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (CommandFailures.Describe(e, app?.Services.GetService<DatabaseTarget>()) is { } failure)
        {
            Console.Error.WriteLine($"briefly: {failure}");
            return ExitCodes.Failed;
        }
        catch (Exception e) when (!Serves)
        {
            if (app is not null) HostLog.CommandFailed(app.Logger, e, Command);
            Console.Error.WriteLine($"briefly: {Command} failed: {e.GetType().Name}: {e.Message} (--Logging:LogLevel:Default=Debug shows where)");
            return ExitCodes.Failed;
        }
        finally
        {
            if (app is not null) await app.DisposeAsync();
        }
    }

    public static int UsageError(string message)
    {
        Console.Error.WriteLine($"briefly: {message}");
        return Help(Console.Error, ExitCodes.Usage);
    }

    private static int Help(TextWriter writer, int exitCode)
    {
        writer.WriteLine(Usage);
        return exitCode;
    }
}

/// <summary>A command's words are wrong: printed with the usage, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

internal static class CommandLineLogging
{
    /// <summary>
    /// A command's standard output is its result (`briefs --json` is read by other tools): logs go to standard error,
    /// and only warnings, so a person sees what went wrong without the chatter of a server.
    /// </summary>
    public static WebApplicationBuilder AddCommandLineLogging(this WebApplicationBuilder builder, CommandLine commandLine)
    {
        if (commandLine.Serves)
        {
            // A server's log is read later, beside other hosts' logs: one line an event, with its time in UTC. As JSON
            // (Logging:Console:FormatterName=json) for a log store, with the trace and span of the work each line is part of.
            builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
            if (string.Equals(builder.Configuration["Logging:Console:FormatterName"], ConsoleFormatterNames.Json, StringComparison.OrdinalIgnoreCase))
            {
                builder.Logging.AddJsonConsole(o =>
                {
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                    o.UseUtcTimestamp = true;
                    o.IncludeScopes = true;
                });
                return builder;
            }
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
            });
            return builder;
        }
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // Configured levels outrank SetMinimumLevel, so the command's level is set as configuration too.
        builder.Configuration["Logging:LogLevel:Default"] = nameof(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Error);
        return builder;
    }
}
