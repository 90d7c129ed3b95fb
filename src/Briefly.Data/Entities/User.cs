namespace Briefly.Data.Entities;

public enum AlertMode
{
    /// <summary>A message as soon as a new story matches a followed topic (outside quiet hours).</summary>
    Instant,

    /// <summary>One personal digest a day at the user's digest time.</summary>
    Daily,

    /// <summary>
    /// No alerts and no digest; the person keeps their topics until they choose <see cref="Instant"/> or
    /// <see cref="Daily"/> again. Stored like the others, as its number: no schema change.
    /// </summary>
    Off,
}

/// <summary>A person who talks to the bot, with their settings.</summary>
public class User
{
    public long Id { get; set; }

    public ChatPlatform Platform { get; set; }

    /// <summary>The Teams user's Microsoft Entra object id (a GUID) or the Slack user id (U…).</summary>
    public required string ExternalId { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>IANA time zone: the one the person chose, else the one the platform last reported.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Set when the person chose the time zone (<c>timezone …</c>): the platform's report no longer replaces it.</summary>
    public bool TimeZoneChosen { get; set; }

    public AlertMode AlertMode { get; set; } = AlertMode.Instant;

    public TimeOnly DigestTime { get; set; } = new(8, 0);

    public TimeOnly? QuietHoursStart { get; set; }

    public TimeOnly? QuietHoursEnd { get; set; }

    /// <summary>The one-to-one conversation alerts and digests go to.</summary>
    public long? DirectConversationId { get; set; }

    public Conversation? DirectConversation { get; set; }

    /// <summary>The last question answered, so "more" can page on: conversation state lives here, not in a host's memory.</summary>
    public string? LastQuestion { get; set; }

    /// <summary>How many stories of <see cref="LastQuestion"/>'s answer were shown so far.</summary>
    public int LastQuestionShown { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The local day of the last daily digest sent, so a digest goes out once a day.</summary>
    public DateOnly? LastDigestOn { get; set; }

    /// <summary>While set and in the future, one host is sending this person's alerts and no other may.</summary>
    public DateTime? AlertsClaimedUntil { get; set; }

    public List<TopicSubscription> Subscriptions { get; set; } = [];
}

/// <summary>A topic a user follows, in their words; the key folds case, punctuation, plurals and spellings.</summary>
public class TopicSubscription
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public User User { get; set; } = null!;

    public required string Topic { get; set; }

    public required string TopicKey { get; set; }

    public DateTime CreatedAt { get; set; }
}
