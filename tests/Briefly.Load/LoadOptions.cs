using System.Globalization;

namespace Briefly.Load;

/// <summary>The command line of the load run; every flag is described in the README's "Load run" section.</summary>
public sealed record LoadOptions
{
    public int SlackChannels { get; init; } = 1000;

    public int TeamsConversations { get; init; } = 1000;

    public int Workspaces { get; init; } = 1;

    public int Tenants { get; init; } = 1;

    public int Hosts { get; init; } = 1;

    /// <summary>Added to every answer of both fakes.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>When both fakes start answering 503, counted from the due minute; null for no outage.</summary>
    public TimeSpan? OutageAt { get; init; }

    public TimeSpan OutageFor { get; init; }

    /// <summary>The Retry-After of a 503 in the outage: the fakes do not know when it ends, as a real platform does not.</summary>
    public TimeSpan OutageRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The share of posts refused with a 429 at random, on top of the limits.</summary>
    public double Fail429 { get; init; }

    /// <summary>An admin connection string: the run uses a fresh database created on that server instead of a SQLite file.</summary>
    public string? Postgres { get; init; }

    /// <summary>SIGKILL host 1 this long after the first post, then start it again.</summary>
    public TimeSpan? KillAt { get; init; }

    public bool CompareHosts { get; init; }

    /// <summary>
    /// Each host held to this many processors' time (a Linux cgroup of its own), as if on a machine of its own; null for no
    /// limit. On a small machine the hosts otherwise share its cores with the database and the fakes.
    /// </summary>
    public double? HostCpu { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long to keep listening once every conversation has its brief, for duplicates that come late.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(10);

    public string? JsonFile { get; init; }

    /// <summary>
    /// Search:EmbeddingModel=none for the hosts (by default they check the model at start and release it, as a production
    /// host does).
    /// </summary>
    public bool NoModel { get; init; }

    /// <summary>
    /// Search:ModelIdleMinutes=0 for the hosts: the embedding model stays in memory from the start check on, as on a host
    /// that answers questions throughout the fan-out (by default it is released after the check, nothing here needing it).
    /// </summary>
    public bool ModelLoaded { get; init; }

    /// <summary>
    /// Fan-outs one after another to the same hosts (a soak): between them the day's delivery records are cleared and the
    /// brief time moved to the next minute, as if a new day had come.
    /// </summary>
    public int Rounds { get; init; } = 1;

    /// <summary>Keep the database (and print where it is) instead of deleting it.</summary>
    public bool Keep { get; init; }

    public const string Usage = """
        Usage: tests/load [--slack N] [--teams N] [--workspaces K] [--tenants K] [--hosts H] [--latency MS]
                          [--outage-at S --outage-for S] [--outage-retry-after S] [--fail-429 FRACTION]
                          [--postgres "<admin connection string>"] [--kill-at S] [--compare-hosts] [--host-cpu CORES]
                          [--timeout S] [--settle S] [--rounds N] [--no-model] [--model-loaded] [--keep] [--json FILE]
        """;

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{flag} needs a value.");
            double Number()
            {
                var value = Value();
                return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                    ? n
                    : throw new ArgumentException($"{flag} needs a number, not \"{value}\".");
            }
            int Count() => Number() is var n and >= 0 && n == Math.Floor(n) && n <= int.MaxValue
                ? (int)n
                : throw new ArgumentException($"{flag} needs a whole number from 0.");
            TimeSpan Seconds() => TimeSpan.FromSeconds(Number());
            options = flag switch
            {
                "--slack" => options with { SlackChannels = Count() },
                "--teams" => options with { TeamsConversations = Count() },
                "--workspaces" => options with { Workspaces = Math.Max(1, Count()) },
                "--tenants" => options with { Tenants = Math.Max(1, Count()) },
                "--hosts" => options with { Hosts = Math.Max(1, Count()) },
                "--latency" => options with { Latency = TimeSpan.FromMilliseconds(Count()) },
                "--outage-at" => options with { OutageAt = Seconds() },
                "--outage-for" => options with { OutageFor = Seconds() },
                "--outage-retry-after" => options with { OutageRetryAfter = Seconds() },
                "--fail-429" => options with { Fail429 = Number() },
                "--postgres" => options with { Postgres = Value() },
                "--kill-at" => options with { KillAt = Seconds() },
                "--compare-hosts" => options with { CompareHosts = true },
                "--host-cpu" => options with { HostCpu = Number() },
                "--timeout" => options with { Timeout = Seconds() },
                "--settle" => options with { Settle = Seconds() },
                "--json" => options with { JsonFile = Value() },
                "--rounds" => options with { Rounds = Math.Max(1, Count()) },
                "--no-model" => options with { NoModel = true },
                "--model-loaded" => options with { ModelLoaded = true },
                "--keep" => options with { Keep = true },
                _ => throw new ArgumentException($"Unknown argument {flag}."),
            };
        }
        if (options.OutageAt is not null && options.OutageFor <= TimeSpan.Zero) throw new ArgumentException("--outage-at needs --outage-for.");
        if (options.HostCpu is <= 0.01) throw new ArgumentException("--host-cpu is a number of processors above 0.01, e.g. 0.5.");
        if (options.Fail429 is < 0 or >= 1) throw new ArgumentException("--fail-429 is a fraction from 0 to below 1.");
        return options;
    }
}
