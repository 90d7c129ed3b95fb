using System.ComponentModel.DataAnnotations;
using Briefly.Data.Entities;

namespace Briefly.Core.Messaging;

/// <summary>The "Pacing" section: how fast Briefly posts to each platform, all hosts together.</summary>
public sealed class PacingOptions
{
    public const string Section = "Pacing";

    /// <summary>
    /// Per workspace. Slack publishes about one message a second per channel and an unpublished workspace-wide limit
    /// (https://docs.slack.dev/apis/web-api/rate-limits), taken as 100 a second; a 429 beyond it is waited out as its
    /// Retry-After says. The default keeps a twentieth under it: a post that leaves a little late (a busy host, a slow
    /// network) must not land in the same second as the ones after it and tip that second over the limit.
    /// </summary>
    [Required]
    public SlackPace Slack { get; set; } = new() { MessagesPerSecond = 95, ConversationGap = TimeSpan.FromSeconds(1) };

    /// <summary>
    /// Per tenant: 50 requests a second per app per tenant; per conversation 7 a second, 60 in 30 seconds
    /// (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit). A twentieth under, as for Slack.
    /// </summary>
    [Required]
    public PlatformPace Teams { get; set; } = new() { MessagesPerSecond = 47.5, ConversationGap = TimeSpan.FromSeconds(0.5) };

    public PlatformPace For(ChatPlatform platform) => platform == ChatPlatform.Teams ? Teams : Slack;

    /// <summary>What a wrong value says at start; the keys it names are every one <see cref="IsValid"/> checks.</summary>
    public const string Requirements =
        "Pacing:Slack and Pacing:Teams need MessagesPerSecond from 0.1 to 10000 and ConversationGap from 00:00:00 to 00:01:00; " +
        "Pacing:Slack:HistoryCallsPerMinute from 1 to 10000.";

    /// <summary>Data annotations are not checked on nested objects by themselves: both platforms' are checked here.</summary>
    public bool IsValid() =>
        Validator.TryValidateObject(Slack, new ValidationContext(Slack), null, validateAllProperties: true)
        && Validator.TryValidateObject(Teams, new ValidationContext(Teams), null, validateAllProperties: true);
}

public class PlatformPace
{
    /// <summary>The most messages a second to one workspace or tenant, from all hosts together.</summary>
    [Range(0.1, 10_000)]
    public double MessagesPerSecond { get; set; }

    /// <summary>The least time between two messages into one conversation (the parts of a long brief).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ConversationGap { get; set; }
}

public sealed class SlackPace : PlatformPace
{
    /// <summary>
    /// Per workspace, all hosts together: <c>conversations.history</c>, read before posting again a brief whose host stopped
    /// mid-send, is Tier 3, about 50 a minute (https://docs.slack.dev/apis/web-api/rate-limits), limited apart from
    /// chat.postMessage. A tenth under: a look-up is rare, and its 429 holds up a delivery that must wait for it.
    /// </summary>
    [Range(1, 10_000)]
    public double HistoryCallsPerMinute { get; set; } = 45;
}
