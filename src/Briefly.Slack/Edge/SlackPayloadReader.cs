using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.WebUtilities;

namespace Briefly.Slack.Edge;

/// <summary>
/// Reads a verified body as the record of what Slack sends. Fields Briefly does not read are skipped whatever they hold; a
/// field it reads holding another type, or a body that is not JSON, is a <see cref="SlackPayloadException"/> naming where.
/// </summary>
internal static class SlackPayloadReader
{
    public static SlackEventRequest Events(string body) => Json(body, SlackPayloadJson.Default.SlackEventRequest);

    /// <summary>An interactivity request: a form whose <c>payload</c> field is the JSON. Paths name places in that JSON.</summary>
    public static SlackInteraction Interaction(string body) =>
        QueryHelpers.ParseQuery(body).TryGetValue("payload", out var payload)
            ? Json(payload.ToString(), SlackPayloadJson.Default.SlackInteraction)
            : throw new SlackPayloadException("The form has no payload field.", "payload");

    /// <summary>An interaction's JSON itself, as Socket Mode sends it (no form around it).</summary>
    public static SlackInteraction InteractionJson(string json) => Json(json, SlackPayloadJson.Default.SlackInteraction);

    public static SlackCommand Command(string body)
    {
        var form = QueryHelpers.ParseQuery(body);
        return Command(name => form.TryGetValue(name, out var value) ? value.ToString() : null);
    }

    /// <summary>A slash command as Socket Mode sends it: the form's fields as a JSON object of strings.</summary>
    public static SlackCommand CommandJson(string json)
    {
        Dictionary<string, JsonElement> fields;
        try
        {
            fields = JsonSerializer.Deserialize(json, SlackPayloadJson.Default.DictionaryStringJsonElement)
                ?? throw new SlackPayloadException("The command is JSON null, not an object.", "$");
        }
        catch (JsonException e)
        {
            throw new SlackPayloadException("The command is not a JSON object.", e.Path ?? "$", e);
        }
        return Command(name => fields.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null);
    }

    private static SlackCommand Command(Func<string, string?> Field)
    {
        string Required(string name) => Field(name) is { Length: > 0 } value
            ? value
            : throw new SlackPayloadException("A slash command needs user_id and channel_id.", name);
        return new SlackCommand(Field("team_id"), Required("channel_id"), Field("channel_name"), Required("user_id"), Field("user_name"),
            Field("text") ?? "", Field("trigger_id"), Field("response_url"));
    }

    private static T Json<T>(string json, JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw new SlackPayloadException("The body is JSON null, not an object.", "$");
        }
        catch (JsonException e)
        {
            // The path is where reading stopped: the field of the wrong type, or "$" for a body that is not JSON at all.
            throw new SlackPayloadException("The body is not what Slack sends: not JSON, or a field of another type.", e.Path ?? "$", e);
        }
    }
}

/// <summary>A signed request that is not what Slack sends; answered 400 with <see cref="Field"/>, and nothing is stored.</summary>
/// <param name="field">A JSON path (<c>$.event.user</c>) or a form field's name (<c>user_id</c>).</param>
internal sealed class SlackPayloadException(string message, string field, Exception? inner = null) : Exception(message, inner)
{
    public string Field { get; } = field;
}
