namespace Briefly.Data.Entities;

/// <summary>
/// The send rate of one platform account (a Slack workspace, a Teams tenant), shared by every host through the database.
/// A host reserves the next few send slots by moving <see cref="NextSlotAt"/> on, so the hosts together never send faster
/// than the platform allows, whatever their number.
/// </summary>
public class PacingBucket
{
    /// <summary>"Slack:T0123", "Teams:&lt;tenant id&gt;".</summary>
    public required string Key { get; set; }

    /// <summary>The first send slot nobody has reserved yet (virtual time: it runs ahead of the clock while sends queue up).</summary>
    public DateTime NextSlotAt { get; set; }
}
