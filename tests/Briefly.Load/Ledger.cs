using System.Collections.Concurrent;

namespace Briefly.Load;

internal enum Platform
{
    Slack,
    Teams,
}

/// <summary>A message a fake accepted: posted, whether or not the host that sent it lived to read the answer.</summary>
internal sealed class Post(Platform platform, string account, string conversation, int part, DateTime at)
{
    public Platform Platform { get; } = platform;

    public string Account { get; } = account;

    public string Conversation { get; } = conversation;

    /// <summary>Which message of the brief (0, 1, …); -1 when it could not be told.</summary>
    public int Part { get; } = part;

    public DateTime At { get; } = at;

    /// <summary>When the answer was written; null when the host was gone first.</summary>
    public DateTime? AnsweredAt { get; set; }
}

/// <summary>A 429 or 503 a fake answered, and whom it held back: an account, a conversation, or Slack's history method.</summary>
internal sealed record Refusal(Platform Platform, int Status, string Kind, string Scope, DateTime At, TimeSpan RetryAfter);

/// <summary>A request that came while a Retry-After sent to its scope was still running (past the grace for requests already on their way).</summary>
internal sealed record Violation(Platform Platform, string Kind, string Scope, DateTime At, DateTime RefusedAt, DateTime Until);

/// <summary>
/// A conversation's first request after a 429 or 503 refused it there: how long after the refusal's Retry-After ran out it
/// came (the host's retry of that send, held up by nothing but its own queue when it comes late).
/// </summary>
internal sealed record Retry(Platform Platform, string Kind, DateTime At, TimeSpan AfterRetryAfter);

/// <summary>Everything both fakes saw, in one place, with the Retry-After each scope is under.</summary>
internal sealed class Ledger(TimeSpan grace, IReadOnlyDictionary<Platform, int> partsPerBrief)
{
    private readonly ConcurrentDictionary<string, (string Kind, DateTime AnsweredAt, DateTime Until)> _holds = new(StringComparer.Ordinal);
    private readonly Dictionary<(Platform, string), int> _partsSeen = [];
    private readonly Dictionary<Platform, int> _complete = new() { [Platform.Slack] = 0, [Platform.Teams] = 0 };

    public ConcurrentQueue<Post> Posts { get; } = new();

    public ConcurrentQueue<Refusal> Refusals { get; } = new();

    public ConcurrentQueue<Violation> Violations { get; } = new();

    public ConcurrentQueue<Retry> Retries { get; } = new();

    /// <summary>Conversations refused (their own scope: "slack:T/C", "teams:tenant/conversation") whose retry has not come yet.</summary>
    private readonly ConcurrentDictionary<string, (string Kind, DateTime Until)> _awaitingRetry = new(StringComparer.Ordinal);

    /// <summary>Records a request's arrival against every scope it belongs to, noting a violation for each scope still held.</summary>
    public void Arrived(Platform platform, DateTime at, params string[] scopes)
    {
        foreach (var scope in scopes)
        {
            if (_awaitingRetry.TryRemove(scope, out var refused)) Retries.Enqueue(new Retry(platform, refused.Kind, at, at - refused.Until));
            if (_holds.TryGetValue(scope, out var hold) && at > hold.AnsweredAt + grace && at < hold.Until)
                Violations.Enqueue(new Violation(platform, hold.Kind, scope, at, hold.AnsweredAt, hold.Until));
        }
    }

    /// <summary>A refusal's answer went out: the scope is held until its Retry-After is over.</summary>
    public void Refused(Platform platform, int status, string kind, string scope, DateTime arrivedAt, DateTime answeredAt, TimeSpan retryAfter)
    {
        Refusals.Enqueue(new Refusal(platform, status, kind, scope, arrivedAt, retryAfter));
        var until = answeredAt + retryAfter;
        _holds.AddOrUpdate(scope, (kind, answeredAt, until), (_, old) => old.Until > until ? old : (kind, answeredAt, until));
        if (scope.Contains('/', StringComparison.Ordinal)) _awaitingRetry[scope] = (kind, until);
    }

    public Post Accepted(Platform platform, string account, string conversation, int part, DateTime at)
    {
        var post = new Post(platform, account, conversation, part, at);
        Posts.Enqueue(post);
        if (part is < 0 or >= 31) return post;
        lock (_partsSeen)
        {
            var seen = _partsSeen.GetValueOrDefault((platform, conversation));
            var now = seen | (1 << part);
            _partsSeen[(platform, conversation)] = now;
            var all = (1 << partsPerBrief[platform]) - 1;
            if (now != seen && now == all) _complete[platform]++;
        }
        return post;
    }

    /// <summary>Forgets everything seen, for the next fan-out of a soak.</summary>
    public void NextRound()
    {
        Posts.Clear();
        Refusals.Clear();
        Violations.Clear();
        Retries.Clear();
        _holds.Clear();
        _awaitingRetry.Clear();
        lock (_partsSeen)
        {
            _partsSeen.Clear();
            _complete[Platform.Slack] = _complete[Platform.Teams] = 0;
        }
    }

    /// <summary>Conversations of the platform that have every part of the brief.</summary>
    public int Complete(Platform platform)
    {
        lock (_partsSeen) return _complete[platform];
    }
}
