using System.Globalization;
using System.Text;

namespace Briefly.Load;

internal sealed record PlatformFigures(
    int Conversations,
    int MessagesPerBrief,
    int Posts,
    double? FirstPostSeconds,
    double? LastPostSeconds,
    double MinimumSeconds,
    double MessagesPerSecond,
    int Duplicates,
    int ConversationsWithDuplicates,
    double? FirstDuplicateSeconds,
    double? LastDuplicateSeconds,
    int Misses,
    int ConversationsMissingAPart,
    int PostsOfUnknownPart,
    SortedDictionary<string, int> Refusals,
    SortedDictionary<string, int> Violations,
    SortedDictionary<string, int> ViolationsByTimeAfterRefusal,
    IReadOnlyList<string> FirstViolations,
    int? InFlightAtKill,
    RetryFigures Retries);

/// <summary>
/// Conversations refused with a 429/503 and tried again: how long after the Retry-After ran out the retry came, counted
/// apart for retries while the fan-out's batches were still being sent (up to the last first post of a conversation) and after.
/// </summary>
internal sealed record RetryFigures(int Count, double? MedianSeconds, double? P95Seconds, double? MaxSeconds,
    int DuringFanOut, double? DuringFanOutMedianSeconds, double? DuringFanOutP95Seconds, double? DuringFanOutMaxSeconds);

internal sealed record HostFigures(int Host, int Life, int Pid, bool Killed, double PeakRssMb, double HighWaterMb,
    SortedDictionary<string, int> Warnings, SortedDictionary<string, string> FirstLineOfEach);

internal sealed record RunFigures(
    string Database,
    int Hosts,
    double? HostCpu,
    DateTime Due,
    int Posts,
    double? FirstPostSeconds,
    double? LastPostSeconds,
    double MinimumSeconds,
    double? Ratio,
    bool MeetsTarget,
    double MessagesPerSecond,
    int Sent429,
    int Sent503,
    int RetryAfterViolations,
    int ViolationsAfter503,
    PlatformFigures Slack,
    PlatformFigures Teams,
    IReadOnlyList<HostFigures> HostLives,
    bool TimedOut,
    double? KilledSecondsAfterDue,
    double? LastPostAfterOutageSeconds);

/// <summary>The figures of issue 13, measured from what the fakes recorded; "seconds" are counted from the due minute.</summary>
internal static class LoadReport
{
    private static readonly Dictionary<Platform, int> Rate = new()
    {
        [Platform.Slack] = FakeSlack.PerWorkspacePerSecond,
        [Platform.Teams] = FakeTeams.PerTenantPerSecond,
    };

    public static RunFigures Measure(RunRecord run)
    {
        var posts = run.Ledger.Posts.ToList();
        var refusals = run.Ledger.Refusals.ToList();
        var violations = run.Ledger.Violations.ToList();
        var slack = ForPlatform(run, Platform.Slack, posts, refusals, violations);
        var teams = ForPlatform(run, Platform.Teams, posts, refusals, violations);
        var minimum = Math.Max(slack.MinimumSeconds, teams.MinimumSeconds);
        double? last = posts.Count == 0 ? null : Seconds(run, posts.Max(p => p.At));
        double? first = posts.Count == 0 ? null : Seconds(run, posts.Min(p => p.At));
        var complete = !run.TimedOut && slack.Misses == 0 && teams.Misses == 0;
        return new RunFigures(
            run.Database, run.Hosts, run.Options.HostCpu, run.Due, posts.Count, first, last, minimum,
            last / minimum,
            complete && last <= 1.1 * minimum + 10,
            PerSecond(posts),
            refusals.Count(r => r.Status == 429), refusals.Count(r => r.Status == 503),
            violations.Count(v => v.Kind != "outage"), violations.Count(v => v.Kind == "outage"),
            slack, teams,
            [.. run.Lives.Select(Host)],
            run.TimedOut,
            run.KilledAt is { } killed ? Seconds(run, killed) : null,
            run.OutageUntil is { } end && posts.Count > 0 ? (posts.Max(p => p.At) - end).TotalSeconds : null);
    }

    private static PlatformFigures ForPlatform(RunRecord run, Platform platform, List<Post> all, List<Refusal> allRefusals, List<Violation> allViolations)
    {
        var posts = all.Where(p => p.Platform == platform).ToList();
        var parts = run.PartsPerBrief[platform];
        var accounts = run.ConversationsByAccount[platform];
        var conversations = accounts.Values.Sum(c => c.Length);
        // Each account takes its messages at its own rate; the slowest account bounds the whole platform.
        var minimum = accounts.Count == 0 ? 0 : accounts.Values.Max(c => (double)c.Length * parts / Rate[platform]);
        var known = posts.Where(p => p.Part >= 0).ToList();
        var byPart = known.GroupBy(p => (p.Conversation, p.Part)).ToList();
        // A duplicate is every post of a part after its first.
        var again = byPart.SelectMany(g => g.OrderBy(p => p.At).Skip(1)).Select(p => p.At).ToList();
        var partsOf = known.GroupBy(p => p.Conversation).ToDictionary(g => g.Key, g => g.Select(p => p.Part).Distinct().Count(), StringComparer.Ordinal);
        var missing = accounts.Values.SelectMany(c => c).Select(c => parts - partsOf.GetValueOrDefault(c)).Where(m => m > 0).ToList();
        int? inFlight = run.KilledAt is { } killed
            ? posts.Count(p => p.At <= killed && (p.AnsweredAt is null || p.AnsweredAt >= killed))
            : null;
        return new PlatformFigures(
            conversations, parts, posts.Count,
            posts.Count == 0 ? null : Seconds(run, posts.Min(p => p.At)),
            posts.Count == 0 ? null : Seconds(run, posts.Max(p => p.At)),
            minimum,
            PerSecond(posts),
            byPart.Sum(g => g.Count() - 1),
            byPart.Where(g => g.Count() > 1).Select(g => g.Key.Conversation).Distinct().Count(),
            again.Count == 0 ? null : Seconds(run, again.Min()),
            again.Count == 0 ? null : Seconds(run, again.Max()),
            missing.Sum(),
            missing.Count,
            posts.Count - known.Count,
            Count(allRefusals.Where(r => r.Platform == platform).Select(r => $"{r.Status} {r.Kind}")),
            Count(allViolations.Where(v => v.Platform == platform).Select(v => v.Kind)),
            Count(allViolations.Where(v => v.Platform == platform).Select(v => (v.At - v.RefusedAt).TotalMilliseconds switch
            {
                <= 250 => "a: ≤ 250 ms after the refusal",
                <= 500 => "b: 250–500 ms",
                <= 1000 => "c: 0.5–1 s",
                _ => "d: > 1 s",
            })),
            [.. allViolations.Where(v => v.Platform == platform).OrderBy(v => v.At).Take(5).Select(v =>
                $"{v.Scope} at {Seconds(run, v.At):0.000} s: {(v.At - v.RefusedAt).TotalMilliseconds:0} ms after the {v.Kind} refusal's answer, " +
                $"{(v.Until - v.At).TotalMilliseconds:0} ms before its Retry-After ran out")],
            inFlight,
            RetriesOf(run.Ledger.Retries.Where(r => r.Platform == platform).ToList(), posts));
    }

    private static RetryFigures RetriesOf(List<Retry> retries, List<Post> posts)
    {
        // The fan-out's batches are being sent until the last conversation got its first post.
        var batchesEnd = posts.Count == 0 ? DateTime.MinValue : posts.GroupBy(p => p.Conversation).Max(g => g.Min(p => p.At));
        var during = retries.Where(r => r.At <= batchesEnd).ToList();
        return new RetryFigures(retries.Count, Quantile(retries, 0.5), Quantile(retries, 0.95), Quantile(retries, 1),
            during.Count, Quantile(during, 0.5), Quantile(during, 0.95), Quantile(during, 1));
    }

    private static double? Quantile(List<Retry> retries, double q)
    {
        if (retries.Count == 0) return null;
        var sorted = retries.Select(r => r.AfterRetryAfter.TotalSeconds).Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(q * sorted.Count) - 1 is var i && i < 0 ? 0 : i)];
    }

    private static HostFigures Host(HostWatch life)
    {
        var warnings = life.Warnings().ToList();
        return new HostFigures(life.Number, life.Life, life.Pid, life.Killed, life.PeakRssKb / 1024.0, life.HighWaterKb / 1024.0,
            Count(warnings.Select(w => w.Event)),
            new SortedDictionary<string, string>(warnings.GroupBy(w => w.Event).ToDictionary(g => g.Key, g => Shorten(g.First().Line)), StringComparer.Ordinal));
    }

    /// <summary>Messages a second from the first post to the last.</summary>
    private static double PerSecond(List<Post> posts)
    {
        if (posts.Count < 2) return 0;
        var span = (posts.Max(p => p.At) - posts.Min(p => p.At)).TotalSeconds;
        return span > 0 ? posts.Count / span : 0;
    }

    private static double Seconds(RunRecord run, DateTime at) => (at - run.Due).TotalSeconds;

    private static SortedDictionary<string, int> Count(IEnumerable<string> keys) =>
        new(keys.GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal);

    private static string Shorten(string line) => line.Length <= 400 ? line : line[..400] + "…";

    public static string Print(RunFigures run)
    {
        var text = new StringBuilder();
        void Line(string s) => text.AppendLine(s);
        string S(double? seconds) => seconds is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "-";
        string Map<T>(IDictionary<string, T> map) => map.Count == 0 ? "none" : string.Join(", ", map.Select(p => $"{p.Key}: {p.Value}"));

        var quota = run.HostCpu is { } cores ? $", each held to {cores.ToString("0.##", CultureInfo.InvariantCulture)} CPU" : "";
        Line($"== {run.Hosts} host(s){quota} on {run.Database}, due {run.Due:yyyy-MM-dd HH:mm:ss} UTC{(run.TimedOut ? " — TIMED OUT" : "")}");
        Line($"due → first post {S(run.FirstPostSeconds)}, → last post {S(run.LastPostSeconds)}; limit-bound minimum {S(run.MinimumSeconds)}; " +
            $"ratio {(run.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "-")}; " +
            $"last ≤ 1.1 × minimum + 10 s ({S(1.1 * run.MinimumSeconds + 10)}): {(run.MeetsTarget ? "yes" : "NO")}");
        Line($"{run.Posts} posts, {run.MessagesPerSecond.ToString("0.0", CultureInfo.InvariantCulture)} messages/s; 429s sent {run.Sent429}, 503s sent {run.Sent503}; " +
            $"Retry-After violations {run.RetryAfterViolations} (after a 503: {run.ViolationsAfter503})");
        if (run.KilledSecondsAfterDue is { } killed) Line($"host 1 killed {S(killed)} after due");
        if (run.LastPostAfterOutageSeconds is { } after) Line($"last post {S(after)} after the outage ended");
        foreach (var (name, p) in new[] { ("Slack", run.Slack), ("Teams", run.Teams) })
        {
            Line($"{name}: {p.Conversations} conversations × {p.MessagesPerBrief} message(s); {p.Posts} posts; first {S(p.FirstPostSeconds)}, last {S(p.LastPostSeconds)}, " +
                $"minimum {S(p.MinimumSeconds)}; {p.MessagesPerSecond.ToString("0.0", CultureInfo.InvariantCulture)} msg/s");
            Line($"  duplicates {p.Duplicates} (in {p.ConversationsWithDuplicates} conversations{(p.Duplicates > 0 ? $", posted {S(p.FirstDuplicateSeconds)} to {S(p.LastDuplicateSeconds)}" : "")}), misses {p.Misses} (in {p.ConversationsMissingAPart}), " +
                $"posts of no known part {p.PostsOfUnknownPart}{(p.InFlightAtKill is { } f ? $", sends in flight at the kill {f}" : "")}");
            Line($"  refusals: {Map(p.Refusals)}; violations: {Map(p.Violations)}{(p.Violations.Count > 0 ? $" ({Map(p.ViolationsByTimeAfterRefusal)})" : "")}");
            foreach (var violation in p.FirstViolations) Line($"    {violation}");
            if (p.Retries.Count > 0)
                Line($"  retries of refused sends: {p.Retries.Count}, came after the Retry-After ran out by median {S(p.Retries.MedianSeconds)}, p95 {S(p.Retries.P95Seconds)}, " +
                    $"max {S(p.Retries.MaxSeconds)}; of them while the fan-out's batches were still going: {p.Retries.DuringFanOut}, median {S(p.Retries.DuringFanOutMedianSeconds)}, " +
                    $"p95 {S(p.Retries.DuringFanOutP95Seconds)}, max {S(p.Retries.DuringFanOutMaxSeconds)}");
        }
        foreach (var h in run.HostLives)
        {
            Line($"host {h.Host} life {h.Life} (pid {h.Pid}{(h.Killed ? ", killed" : "")}): peak RSS sampled {h.PeakRssMb:0} MB, VmHWM {h.HighWaterMb:0} MB; " +
                $"warnings and errors: {Map(h.Warnings)}");
            foreach (var (_, line) in h.FirstLineOfEach) Line($"    {line}");
        }
        return text.ToString();
    }
}
