using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Briefly.Data;
using Briefly.Testing;

namespace Briefly.Host.Tests;

/// <summary>
/// `teams-package` run as a process: the zip it writes holds a manifest that passes the Teams schema with this deployment's
/// ids and addresses put in, and the icons; and the host serves the privacy and terms pages the manifest names.
/// </summary>
public sealed partial class ManifestTests
{
    private const string AppId = "3f2b1c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d";

    private static Dictionary<string, string?> Registration(string publicUrl) => new()
    {
        ["Teams:MicrosoftAppId"] = AppId, ["Teams:MicrosoftAppPassword"] = "not-a-real-secret",
        ["Teams:MicrosoftAppTenantId"] = "7a1b2c3d-4e5f-4a6b-8c9d-0e1f2a3b4c5d",
        ["Publishing:PublicUrl"] = publicUrl, ["Publishing:Operator"] = "Contoso Newsroom", ["Publishing:AppVersion"] = "1.4.2",
    };

    [Fact]
    public async Task The_teams_package_holds_a_valid_manifest_for_this_deployment_and_its_icons()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        var file = Path.Combine(work.Path, "out", "contoso.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);

        var run = await BrieflyProcess.RunAsync(database, work.Path, Registration("https://briefly.contoso.com/news"), TimeSpan.FromMinutes(2),
            "teams-package", "--out", file);

        Assert.True(run.ExitCode == 0, run.Errors);
        Assert.Contains(file, run.Output);
        using var zip = ZipFile.OpenRead(file);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order());
        JsonObject manifest;
        using (var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open())) manifest = JsonNode.Parse(reader.ReadToEnd())!.AsObject();
        AssertValid(TeamsSchema(), manifest);
        Assert.Equal(AppId, (string?)manifest["id"]);
        Assert.Equal(AppId, (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal("1.4.2", (string?)manifest["version"]);
        Assert.Equal("Contoso Newsroom", (string?)manifest["developer"]!["name"]);
        Assert.Equal("https://briefly.contoso.com/news", (string?)manifest["developer"]!["websiteUrl"]);
        Assert.Equal("https://briefly.contoso.com/news/privacy", (string?)manifest["developer"]!["privacyUrl"]);
        Assert.Equal("https://briefly.contoso.com/news/terms", (string?)manifest["developer"]!["termsOfUseUrl"]);
        Assert.Equal("briefly.contoso.com", (string?)Assert.Single(manifest["validDomains"]!.AsArray()));
        foreach (var icon in new[] { "color.png", "outline.png" })
        {
            using var copy = new MemoryStream();
            using (var entry = zip.GetEntry(icon)!.Open()) await entry.CopyToAsync(copy);
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(TeamsFolder, icon)), copy.ToArray());
        }
        // The template in the repository stays the placeholder: nothing was written back into it.
        Assert.Equal(PlaceholderId, (string?)ReadObject(Path.Combine(TeamsFolder, "manifest.json"))["id"]);
    }

    [Fact]
    public async Task The_operator_s_own_pages_replace_the_host_s_in_the_package()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        var settings = Registration("https://briefly.contoso.com");
        settings["Publishing:PrivacyUrl"] = "https://contoso.com/legal/privacy";
        settings["Publishing:TermsUrl"] = "https://contoso.com/legal/terms";

        var run = await BrieflyProcess.RunAsync(database, work.Path, settings, TimeSpan.FromMinutes(2), "teams-package");

        Assert.True(run.ExitCode == 0, run.Errors);
        using var zip = ZipFile.OpenRead(Path.Combine(work.Path, "briefly-teams.zip"));
        using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
        var developer = JsonNode.Parse(reader.ReadToEnd())!["developer"]!;
        Assert.Equal("https://contoso.com/legal/privacy", (string?)developer["privacyUrl"]);
        Assert.Equal("https://contoso.com/legal/terms", (string?)developer["termsOfUseUrl"]);
    }

    [Theory]
    [InlineData(null, "https://briefly.contoso.com", "Teams:MicrosoftAppId")]
    [InlineData(AppId, null, "Publishing:PublicUrl")]
    [InlineData(AppId, "http://briefly.contoso.com", "Publishing:PublicUrl")]
    public async Task Without_what_the_package_needs_nothing_is_written_and_the_key_is_named(string? appId, string? publicUrl, string key)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        var settings = Registration(publicUrl ?? "");
        settings["Publishing:PublicUrl"] = publicUrl;
        if (appId is null)
        {
            settings.Remove("Teams:MicrosoftAppId");
            settings.Remove("Teams:MicrosoftAppPassword");
            settings.Remove("Teams:MicrosoftAppTenantId");
        }

        var run = await BrieflyProcess.RunAsync(database, work.Path, settings, TimeSpan.FromMinutes(2), "teams-package");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(key, run.Errors);
        Assert.DoesNotContain("   at ", run.Errors);
        Assert.False(File.Exists(Path.Combine(work.Path, "briefly-teams.zip")));
    }

    [Fact]
    public async Task The_host_serves_the_privacy_and_terms_pages_the_package_names()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, new()
        {
            ["Publishing:Operator"] = "Contoso <News> & Co", ["Publishing:Contact"] = "privacy@contoso.com",
        });
        using var client = new HttpClient { BaseAddress = host.Url };

        using var privacy = await client.GetAsync("/privacy");
        using var terms = await client.GetAsync("/terms");

        Assert.Equal(HttpStatusCode.OK, privacy.StatusCode);
        Assert.Equal("text/html", privacy.Content.Headers.ContentType?.MediaType);
        var privacyPage = await privacy.Content.ReadAsStringAsync();
        Assert.Contains("Contoso &lt;News&gt; &amp; Co", privacyPage);
        Assert.DoesNotContain("<News>", privacyPage);
        Assert.Contains("privacy@contoso.com", privacyPage);
        Assert.Contains("seven days", privacyPage);
        Assert.Equal(HttpStatusCode.OK, terms.StatusCode);
        Assert.Contains("href=\"/privacy\"", await terms.Content.ReadAsStringAsync());
    }
}
