namespace Briefly.Load;

/// <summary>A limit the fakes keep for one account or conversation; not thread-safe (the fakes take a lock).</summary>
internal interface ILimit
{
    /// <summary>Null when one more request fits at <paramref name="now"/>, else how long until one would.</summary>
    TimeSpan? Wait(DateTime now);

    /// <summary>Counts a request let through at <paramref name="now"/>.</summary>
    void Take(DateTime now);
}

/// <summary>At most <paramref name="count"/> requests in any window of <paramref name="window"/>: "50 per second per tenant".</summary>
internal sealed class SlidingWindow(int count, TimeSpan window) : ILimit
{
    private readonly Queue<DateTime> _taken = new();

    public TimeSpan? Wait(DateTime now)
    {
        while (_taken.Count > 0 && now - _taken.Peek() >= window) _taken.Dequeue();
        return _taken.Count >= count ? _taken.Peek() + window - now : null;
    }

    public void Take(DateTime now) => _taken.Enqueue(now);
}

/// <summary>
/// A sustained rate with a small burst: Slack's "about one message per second per channel, short bursts tolerated". The
/// bucket holds <paramref name="burst"/> tokens and refills at <paramref name="perSecond"/>.
/// </summary>
internal sealed class TokenBucket(double perSecond, int burst) : ILimit
{
    private double _tokens = burst;
    private DateTime _at;

    public TimeSpan? Wait(DateTime now)
    {
        if (_at != default) _tokens = Math.Min(burst, _tokens + (now - _at).TotalSeconds * perSecond);
        _at = now;
        return _tokens >= 1 ? null : TimeSpan.FromSeconds((1 - _tokens) / perSecond);
    }

    public void Take(DateTime now)
    {
        Wait(now);
        _tokens -= 1;
    }
}
