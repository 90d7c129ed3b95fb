using System.ComponentModel.DataAnnotations;

namespace Briefly.Core.Messaging;

/// <summary>The "Messaging" section: how long briefs, answers and apologies are retried.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>An answer not sent within this long after the question (an outage, sustained rate limiting) is failed and logged.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan ReplyGiveUpAfter { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// A daily brief not sent within this long after its time (an outage, sustained rate limiting) is failed and logged:
    /// yesterday's news is not news. Until then a failed send is tried again, however often.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "23:00:00")]
    public TimeSpan BriefGiveUpAfter { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// A question whose handling keeps failing this long (Briefly's own fault, or a platform lookup it needs) gets an apology
    /// instead of an answer.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan HandlingGiveUpAfter { get; set; } = TimeSpan.FromMinutes(10);
}
