using System.IO.Compression;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Briefly.Host.Publishing;

/// <summary>
/// The Teams app package (https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package): the
/// manifest of <c>manifests/teams</c> with this deployment's bot id, addresses and version put in, and its two icons, in
/// one zip to upload to Teams. The manifest and icons are built into the host, so a deployed host can make its package.
/// </summary>
internal static class TeamsPackage
{
    /// <summary>Indented for a person reading the package; non-ASCII text kept as written.</summary>
    private static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The manifest for this deployment, from the template: nothing in it is edited by hand.</summary>
    public static JsonObject Manifest(Guid appId, PublishingOptions publishing)
    {
        var publicUrl = publishing.PublicUrl ?? throw new InvalidOperationException("A package needs Publishing:PublicUrl.");
        var manifest = JsonNode.Parse(Resource("manifest.json"))!.AsObject();
        manifest["id"] = appId.ToString();
        manifest["version"] = publishing.AppVersion;
        var developer = manifest["developer"]!.AsObject();
        if (!string.IsNullOrWhiteSpace(publishing.Operator)) developer["name"] = publishing.Operator.Trim();
        developer["websiteUrl"] = publicUrl.AbsoluteUri;
        developer["privacyUrl"] = publishing.PrivacyAddress!.AbsoluteUri;
        developer["termsOfUseUrl"] = publishing.TermsAddress!.AbsoluteUri;
        foreach (var bot in manifest["bots"]!.AsArray()) bot!["botId"] = appId.ToString();
        manifest["validDomains"] = new JsonArray(publicUrl.Host);
        return manifest;
    }

    /// <summary>Writes the package: manifest.json and the icons it names, at the top of the zip as Teams requires.</summary>
    public static void Write(Stream destination, JsonObject manifest)
    {
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        using (var entry = zip.CreateEntry("manifest.json").Open())
            JsonSerializer.Serialize(entry, manifest, ManifestJson);
        foreach (var icon in new[] { (string)manifest["icons"]!["color"]!, (string)manifest["icons"]!["outline"]! })
        {
            using var entry = zip.CreateEntry(icon).Open();
            entry.Write(Resource(icon));
        }
    }

    private static byte[] Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("teams/" + name)
            ?? throw new InvalidOperationException($"teams/{name} is not built into the host (Briefly.Host.csproj embeds manifests/teams).");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
