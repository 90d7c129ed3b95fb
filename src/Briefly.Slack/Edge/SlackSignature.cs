using System.Security.Cryptography;
using System.Text;

namespace Briefly.Slack.Edge;

/// <summary>
/// Slack's request signing (https://docs.slack.dev/authentication/verifying-requests-from-slack/): HMAC-SHA256 of
/// <c>v0:{timestamp}:{raw body}</c> with the signing secret, sent as <c>X-Slack-Signature: v0=&lt;hex&gt;</c>.
/// </summary>
public static class SlackSignature
{
    /// <summary>Slack's advice: a request older than five minutes may be a replay.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>Null when the request is Slack's, else why it is not (for the log; the caller answers 401 either way).</summary>
    public static string? Problem(string signingSecret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature)) return "no X-Slack-Request-Timestamp or X-Slack-Signature";
        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            return "X-Slack-Request-Timestamp is not a number";
        if ((now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253_402_300_799))).Duration() > MaxAge)
            return "X-Slack-Request-Timestamp is more than five minutes away from now";

        var expected = Sign(signingSecret, timestamp, body);
        // Constant time, so the comparison says nothing about how much of a forged signature was right.
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? null
            : "X-Slack-Signature does not match";
    }

    public static string Sign(string signingSecret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), message));
    }
}
