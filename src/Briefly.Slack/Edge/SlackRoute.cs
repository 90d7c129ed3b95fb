using System.Text.Json;
using System.Text.Json.Serialization;

namespace Briefly.Slack.Edge;

/// <summary>
/// Where an answer goes, stored with the question: a channel (a mention's thread), an interaction's response_url, which
/// shows the answer only to the person who asked, or a person's Home tab (<see cref="HomeOf"/>), published as a view.
/// </summary>
internal sealed record SlackRoute(
    [property: JsonPropertyName("channel")] string? Channel,
    [property: JsonPropertyName("thread_ts")] string? ThreadTs = null,
    [property: JsonPropertyName("response_url")] string? ResponseUrl = null,
    [property: JsonPropertyName("home_of")] string? HomeOf = null)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    public static SlackRoute? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<SlackRoute>(json);
}
