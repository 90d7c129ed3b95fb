using Briefly.Core.Search;

namespace Briefly.Core.Tests.Search;

public sealed class TopicCatalogueTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("briefly-catalogue-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_setting_chooses_the_built_in_catalogue_none_or_a_file()
    {
        var file = Path.Combine(_folder, "energy.json");
        File.WriteAllText(file, """{ "groups": [ { "terms": ["solar", "photovoltaic"] } ] }""");

        Assert.Same(TopicCatalogue.Default, TopicCatalogue.Load(""));
        Assert.Empty(TopicCatalogue.Load("none").Groups);
        Assert.Equal(["solar", "photovoltaic"], TopicCatalogue.Load(file).Groups.Single().Terms);
    }

    [Fact]
    public void A_missing_or_broken_file_is_named_with_its_line()
    {
        var broken = Path.Combine(_folder, "broken.json");
        File.WriteAllText(broken, "{\n  \"groups\": [\n    { \"terms\": [\"solar\" }\n  ]\n}");

        var missing = Assert.Throws<InvalidDataException>(() => { _ = TopicCatalogue.Load(Path.Combine(_folder, "absent.json")); });
        var error = Assert.Throws<InvalidDataException>(() => { _ = TopicCatalogue.Load(broken); });

        Assert.Contains("absent.json", missing.Message);
        Assert.Contains($"{broken}, line 3", error.Message);

        var nameless = Path.Combine(_folder, "nameless.json");
        File.WriteAllText(nameless, """{ "groups": [ { "terms": ["solar"] }, { "narrower": ["rooftop"] } ] }""");
        var empty = Assert.Throws<InvalidDataException>(() => { _ = TopicCatalogue.Load(nameless); });
        Assert.Contains($"{nameless}: groups[1].terms", empty.Message);
    }
}
