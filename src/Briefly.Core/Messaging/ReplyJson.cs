using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Briefly.Core.Conversations;

namespace Briefly.Core.Messaging;

/// <summary>
/// Replies as stored in the outbox: the neutral model with its kind named, so a message queued by one host (or before a
/// restart) is rendered by whichever host sends it. Every <see cref="Reply"/> type is known without listing them here.
/// </summary>
public static class ReplyJson
{
    private static readonly Type[] ReplyTypes =
        [.. typeof(Reply).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Reply)) && !t.IsAbstract).OrderBy(t => t.Name, StringComparer.Ordinal)];

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // FallbackText, HasMore and kin are computed from the rest.
        IgnoreReadOnlyProperties = true,
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { NameReplyKinds } },
    };

    public static string Serialize(Reply reply) => JsonSerializer.Serialize(reply, Options);

    public static Reply Deserialize(string json) =>
        JsonSerializer.Deserialize<Reply>(json, Options) ?? throw new JsonException("The stored reply is null.");

    public static string SerializeMessage(IncomingMessage message) => JsonSerializer.Serialize(message, Options);

    public static IncomingMessage DeserializeMessage(string json) =>
        JsonSerializer.Deserialize<IncomingMessage>(json, Options) ?? throw new JsonException("The stored message is null.");

    private static void NameReplyKinds(JsonTypeInfo info)
    {
        if (info.Type != typeof(Reply)) return;
        info.PolymorphismOptions = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "$kind" };
        foreach (var type in ReplyTypes) info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, type.Name));
    }
}
