namespace Briefly.Core.Messaging;

/// <summary>When to try again: the platform's Retry-After to the second, else an exponential backoff with jitter.</summary>
public static class Backoff
{
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(5);

    /// <summary>The longest any retry waits when the platform names no Retry-After: the cap with its jitter.</summary>
    public static TimeSpan LongestWait { get; } = Longest * 1.2;

    /// <param name="attempts">Attempts made so far, the failed one included (1 after the first failure).</param>
    public static TimeSpan Next(int attempts, TimeSpan? retryAfter)
    {
        if (retryAfter is { } wait && wait > TimeSpan.Zero) return wait;
        var exponential = TimeSpan.FromSeconds(Math.Min(Longest.TotalSeconds, Math.Pow(2, Math.Clamp(attempts - 1, 0, 16))));
        // ±20 %, so the messages an outage held back do not all come back in the same second.
        return exponential * (0.8 + 0.4 * Random.Shared.NextDouble());
    }
}
