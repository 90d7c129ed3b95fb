using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Briefly.Core.Search;

/// <summary>
/// The alias catalogue (topic-aliases.json) as data: spelling variants, background words of the
/// beat, and topic groups. Kept out of code so the beat's knowledge can grow without touching ranking.
/// </summary>
public sealed class TopicCatalogue
{
    private const string ResourceName = "Briefly.Core.Search.topic-aliases.json";

    public required IReadOnlyDictionary<string, string[]> Spellings { get; init; }

    /// <summary>Words so common on this beat ("china", "ai") that they never decide relevance.</summary>
    public required IReadOnlyList<string> Background { get; init; }

    public required IReadOnlyList<TopicGroup> Groups { get; init; }

    /// <summary>The catalogue shipped inside Briefly.Core.</summary>
    public static TopicCatalogue Default { get; } = LoadEmbedded();

    /// <summary>No catalogue: no aliases, spellings or background words.</summary>
    public static TopicCatalogue Empty { get; } = Parse("{}");

    /// <summary>The catalogue a <c>Search:Catalogue</c> setting names (see <see cref="Semantic.SearchOptions.Catalogue"/>).</summary>
    /// <exception cref="InvalidDataException">The file is missing or not a catalogue; the message names the file and line.</exception>
    public static TopicCatalogue Load(string setting)
    {
        if (string.IsNullOrWhiteSpace(setting)) return Default;
        if (string.Equals(setting.Trim(), Semantic.SearchOptions.NoCatalogue, StringComparison.OrdinalIgnoreCase)) return Empty;
        var path = Path.GetFullPath(setting.Trim());
        if (!File.Exists(path)) throw new InvalidDataException($"Search:Catalogue: {path} does not exist.");
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Search:Catalogue: {path}, line {(e.LineNumber ?? 0) + 1}: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Search:Catalogue: {path}: {e.Message}", e);
        }
    }

    private static readonly JsonSerializerOptions ReadOptions = new() { ReadCommentHandling = JsonCommentHandling.Skip };

    public static TopicCatalogue Parse(string json)
    {
        var file = JsonSerializer.Deserialize<CatalogueFile>(json, ReadOptions)
            ?? throw new InvalidDataException("The topic alias catalogue is empty.");
        return new TopicCatalogue
        {
            Spellings = (file.Spellings ?? []).ToDictionary(
                p => p.Key.ToLowerInvariant(),
                p => p.Value.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)),
            Background = file.Background ?? [],
            Groups = (file.Groups ?? []).Select((g, i) => g.Terms is { Count: > 0 } terms && terms.All(t => !string.IsNullOrWhiteSpace(t))
                    ? new TopicGroup(terms, g.Narrower ?? [], g.Context ?? [], g.Broad)
                    : throw new InvalidDataException($"groups[{i}].terms: a group needs at least one name, and no empty ones."))
                .ToList(),
        };
    }

    private static TopicCatalogue LoadEmbedded()
    {
        using var stream = typeof(TopicCatalogue).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private sealed class CatalogueFile
    {
        [JsonPropertyName("spellings")] public Dictionary<string, string>? Spellings { get; init; }
        [JsonPropertyName("background")] public List<string>? Background { get; init; }
        [JsonPropertyName("groups")] public List<GroupFile>? Groups { get; init; }
    }

    private sealed class GroupFile
    {
        [JsonPropertyName("terms")] public List<string>? Terms { get; init; }
        [JsonPropertyName("narrower")] public List<string>? Narrower { get; init; }
        [JsonPropertyName("context")] public List<string>? Context { get; init; }
        [JsonPropertyName("broad")] public bool Broad { get; init; }
    }
}

/// <summary>One topic: its names, the narrower cases it covers, and the context an ambiguous name needs.</summary>
/// <param name="Broad">
/// A category of the beat ("chips", "LLMs") rather than a thing: beside themes of the catalogue ("LLM price cuts") it
/// only helps, since stories name the theme and leave the category implied; beside a name ("Alibaba AI chips") it is
/// what is asked about and stays required.
/// </param>
public sealed record TopicGroup(IReadOnlyList<string> Terms, IReadOnlyList<string> Narrower, IReadOnlyList<string> Context, bool Broad = false);
