using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Briefly.Slack.Edge;
using Briefly.Testing;
using Json.Schema;

namespace Briefly.Host.Tests;

/// <summary>
/// The Teams and Slack app manifests against the vendors' schemas (read in place from ../shared), what those
/// schemas cannot express (icon sizes and transparency, the placeholder ids, the paths the host serves), and a
/// lint of the deployment files in infra/, which cannot be built here because there is no Docker engine.
/// </summary>
public sealed partial class ManifestTests
{
    private const string PlaceholderId = "00000000-0000-0000-0000-000000000000";

    private static readonly string TeamsFolder = RepositoryFiles.Path("manifests", "teams");

    [Fact]
    public void Teams_manifest_is_valid_against_the_1_22_schema()
    {
        var manifest = ReadObject(Path.Combine(TeamsFolder, "manifest.json"));

        AssertValid(TeamsSchema(), manifest);
        Assert.Equal("1.22", (string?)manifest["manifestVersion"]);
        Assert.EndsWith("/v1.22/MicrosoftTeams.schema.json", (string?)manifest["$schema"], StringComparison.Ordinal);
    }

    /// <summary>
    /// Proves the schema is really applied, "const" included: under draft-04 rules "const" would be ignored and
    /// a wrong manifestVersion would pass.
    /// </summary>
    [Theory]
    [InlineData("manifestVersion 1.21")]
    [InlineData("no privacy URL")]
    [InlineData("accent colour by name")]
    [InlineData("unknown bot scope")]
    public void Teams_schema_rejects_a_broken_manifest(string breakage)
    {
        var manifest = ReadObject(Path.Combine(TeamsFolder, "manifest.json"));
        switch (breakage)
        {
            case "manifestVersion 1.21": manifest["manifestVersion"] = "1.21"; break;
            case "no privacy URL": manifest["developer"]!.AsObject().Remove("privacyUrl"); break;
            case "accent colour by name": manifest["accentColor"] = "blue"; break;
            case "unknown bot scope": manifest["bots"]![0]!["scopes"]!.AsArray().Add("meetings"); break;
            default: throw new ArgumentOutOfRangeException(nameof(breakage), breakage, null);
        }

        Assert.False(Evaluate(TeamsSchema(), manifest).IsValid, $"A manifest with {breakage} passed the schema.");
    }

    [Fact]
    public void Teams_bot_id_is_the_app_id_placeholder()
    {
        var manifest = ReadObject(Path.Combine(TeamsFolder, "manifest.json"));

        Assert.Equal(PlaceholderId, (string?)manifest["id"]);
        var bot = Assert.Single(manifest["bots"]!.AsArray())!;
        Assert.Equal((string?)manifest["id"], (string?)bot["botId"]);
    }

    [Fact]
    public void Teams_icons_are_a_192_px_colour_png_and_a_32_px_white_on_transparent_png()
    {
        var icons = ReadObject(Path.Combine(TeamsFolder, "manifest.json"))["icons"]!;
        var color = Png.Read(Path.Combine(TeamsFolder, (string)icons["color"]!));
        var outline = Png.Read(Path.Combine(TeamsFolder, (string)icons["outline"]!));

        Assert.Equal((192, 192), (color.Width, color.Height));
        Assert.Equal((32, 32), (outline.Width, outline.Height));
        Assert.True(outline.HasAlpha, $"The outline icon has PNG colour type {outline.ColorType}, which has no alpha channel.");

        // Teams wants the outline icon white on transparent; a coloured pixel would show as a smudge.
        var pixels = outline.Pixels();
        Assert.Contains(pixels, p => p.Alpha == 0);
        Assert.Contains(pixels, p => p.Alpha == 255);
        Assert.All(pixels.Where(p => p.Alpha > 0), p => Assert.True(p.IsWhite, $"A visible outline pixel is not white: {p}."));
    }

    [Fact]
    public void Slack_manifest_is_valid_against_the_slack_schema()
    {
        AssertValid(SlackSchema(), ReadObject(RepositoryFiles.Path("manifests", "slack", "manifest.json")));
    }

    [Theory]
    [InlineData("slash command without its slash")]
    [InlineData("unknown setting")]
    [InlineData("empty bot name")]
    public void Slack_schema_rejects_a_broken_manifest(string breakage)
    {
        var manifest = ReadObject(RepositoryFiles.Path("manifests", "slack", "manifest.json"));
        switch (breakage)
        {
            case "slash command without its slash": manifest["features"]!["slash_commands"]![0]!["command"] = "brief"; break;
            case "unknown setting": manifest["settings"]!["socket_mode"] = true; break;
            case "empty bot name": manifest["features"]!["bot_user"]!["display_name"] = ""; break;
            default: throw new ArgumentOutOfRangeException(nameof(breakage), breakage, null);
        }

        Assert.False(Evaluate(SlackSchema(), manifest).IsValid, $"A manifest with {breakage} passed the schema.");
    }

    /// <summary>
    /// Slack sends only the events an app subscribes to: one the code handles but the manifest leaves out never
    /// arrives (a removal from a channel would go unnoticed), and one subscribed but unhandled is traffic for nothing.
    /// </summary>
    [Fact]
    public void Slack_manifest_subscribes_to_exactly_the_events_the_code_handles()
    {
        var manifest = ReadObject(RepositoryFiles.Path("manifests", "slack", "manifest.json"));
        var subscribed = manifest["settings"]!["event_subscriptions"]!["bot_events"]!.AsArray().Select(e => (string)e!).Order(StringComparer.Ordinal);

        Assert.Equal(SlackMessages.HandledEvents.Order(StringComparer.Ordinal), subscribed);
    }

    /// <summary>
    /// The bot scopes each event's page under https://docs.slack.dev/reference/events/ lists; without one, Slack does not
    /// deliver the event (member_left_channel comes from private channels only with groups:read).
    /// </summary>
    private static readonly Dictionary<string, string[]> ScopesForEvent = new(StringComparer.Ordinal)
    {
        ["app_mention"] = ["app_mentions:read"],
        ["message.im"] = ["im:history"],
        ["member_joined_channel"] = ["channels:read", "groups:read"],
        ["member_left_channel"] = ["channels:read", "groups:read"],
        ["channel_left"] = ["channels:read"],
        ["group_left"] = ["groups:read"],
        ["app_uninstalled"] = [],
        ["tokens_revoked"] = [],
        // https://docs.slack.dev/reference/events/app_home_opened: no scope; views.publish needs none either.
        ["app_home_opened"] = [],
    };

    [Fact]
    public void Slack_manifest_asks_for_the_scopes_each_handled_event_needs()
    {
        var manifest = ReadObject(RepositoryFiles.Path("manifests", "slack", "manifest.json"));
        var scopes = manifest["oauth_config"]!["scopes"]!["bot"]!.AsArray().Select(s => (string)s!).ToHashSet(StringComparer.Ordinal);

        Assert.All(SlackMessages.HandledEvents, handled =>
        {
            Assert.True(ScopesForEvent.TryGetValue(handled, out var needed), $"Look up the scopes {handled} needs in Slack's event reference and add them to {nameof(ScopesForEvent)}.");
            Assert.All(needed, scope => Assert.Contains(scope, scopes));
        });
    }

    [Fact]
    public void Slack_request_urls_point_at_the_hosts_slack_endpoints()
    {
        var manifest = ReadObject(RepositoryFiles.Path("manifests", "slack", "manifest.json"));
        var events = new Uri((string)manifest["settings"]!["event_subscriptions"]!["request_url"]!);
        var command = new Uri((string)Assert.Single(manifest["features"]!["slash_commands"]!.AsArray())!["url"]!);
        var interactivity = new Uri((string)manifest["settings"]!["interactivity"]!["request_url"]!);

        Assert.Equal("/slack/events", events.AbsolutePath);
        Assert.Equal("/slack/commands", command.AbsolutePath);
        Assert.Equal("/slack/interactivity", interactivity.AbsolutePath);
        Assert.All(new[] { events, command, interactivity }, uri => Assert.Equal((Uri.UriSchemeHttps, events.Authority), (uri.Scheme, uri.Authority)));
    }

    /// <summary>
    /// The image restores from the project files alone before copying the sources, so a project or imported
    /// props file that a published project (the host, the health probe) gains later must be added to the
    /// Dockerfile's early COPY lines, or the image breaks.
    /// </summary>
    [Fact]
    public void Dockerfile_copies_every_project_file_the_published_projects_restore_from()
    {
        var lines = File.ReadAllLines(RepositoryFiles.Path("infra", "Dockerfile"));
        var copiedBeforeRestore = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines.TakeWhile(l => !l.Contains("dotnet restore", StringComparison.Ordinal)))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words is not ["COPY", .. var rest]) continue;
            foreach (var source in rest.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).SkipLast(1)) copiedBeforeRestore.Add(source);
        }
        var restored = lines.Where(l => l.Contains("dotnet restore", StringComparison.Ordinal)).SelectMany(l => ProjectPath().Matches(l).Select(m => m.Value)).ToHashSet();
        var published = lines.Where(l => l.Contains("dotnet publish", StringComparison.Ordinal)).SelectMany(l => ProjectPath().Matches(l).Select(m => m.Value)).ToList();

        Assert.Equal(["src/Briefly.Host/Briefly.Host.csproj", "src/Briefly.HealthProbe/Briefly.HealthProbe.csproj"], published);
        var needed = new List<string> { "global.json", "Directory.Build.props", "Directory.Packages.props" };
        foreach (var project in published)
        {
            Assert.Contains(project, restored);
            needed.AddRange(ProjectFilesOf(RepositoryFiles.Path(project.Split('/'))));
        }

        Assert.All(needed, file => Assert.Contains(file, copiedBeforeRestore));
    }

    /// <summary>
    /// The HEALTHCHECK runs the probe where the image publishes it (the runtime image has no curl), and the image
    /// carries what `serve --samples` reads and the folder the SQLite database is written to.
    /// </summary>
    [Fact]
    public void Dockerfile_checks_health_with_the_published_probe_and_carries_the_samples()
    {
        var dockerfile = File.ReadAllText(RepositoryFiles.Path("infra", "Dockerfile"));

        var publish = Regex.Match(dockerfile, @"dotnet publish src/Briefly\.HealthProbe/\S+ .*--output (?<folder>\S+)");
        Assert.True(publish.Success, "The Dockerfile does not publish src/Briefly.HealthProbe.");
        var check = Regex.Match(dockerfile, @"HEALTHCHECK (?<options>[^\n]*?)\\?\n\s*CMD \[""dotnet"", ""(?<dll>[^""]+)""\]");
        Assert.True(check.Success, "The Dockerfile has no HEALTHCHECK running the probe with dotnet.");
        Assert.Equal(publish.Groups["folder"].Value + "/Briefly.HealthProbe.dll", check.Groups["dll"].Value);
        Assert.Contains("--start-period=", check.Groups["options"].Value, StringComparison.Ordinal);

        Assert.Contains("WORKDIR /app", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"COPY {Commands.ServeCommand.SamplesFolder}/ {Commands.ServeCommand.SamplesFolder}/", dockerfile, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.EnumerateFiles(RepositoryFiles.Path(Commands.ServeCommand.SamplesFolder.Split('/'))));
        Assert.Contains("RUN mkdir data && chown \"$APP_UID\" data", dockerfile, StringComparison.Ordinal);
    }

    /// <summary>
    /// Teams and Slack reach the compose stack through the TLS proxy only: the hosts publish their port on this
    /// machine's loopback, the proxy sends to compose services that exist, and the SQLite host keeps its database
    /// on a volume at the image's data folder.
    /// </summary>
    [Fact]
    public void Compose_puts_the_hosts_behind_the_TLS_proxy_and_keeps_SQLite_on_a_volume()
    {
        var compose = File.ReadAllText(RepositoryFiles.Path("infra", "compose.yaml"));
        var caddyfile = File.ReadAllText(RepositoryFiles.Path("infra", "Caddyfile"));
        var servicesPart = compose[compose.IndexOf("\nservices:\n", StringComparison.Ordinal)..compose.IndexOf("\nvolumes:\n", StringComparison.Ordinal)];
        var services = ComposeService().Matches(servicesPart).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("proxy", services);
        Assert.Contains("./Caddyfile:/etc/caddy/Caddyfile:ro", compose, StringComparison.Ordinal);
        Assert.Contains("\"443:443\"", compose, StringComparison.Ordinal);
        var published = PublishedPort().Matches(compose).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["80", "443", "443"], published.Where(p => !p.StartsWith("127.0.0.1:", StringComparison.Ordinal)).Select(p => p.Split(':')[0]));
        Assert.Contains("127.0.0.1:3978:3978", published);

        var upstreams = Regex.Matches(compose + caddyfile, @"BRIEFLY_UPSTREAMS:-?(?<list>[a-z0-9: -]+)\}").SelectMany(m => m.Groups["list"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.All(upstreams, upstream =>
        {
            var parts = upstream.Split(':');
            Assert.Contains(parts[0], services);
            Assert.Equal("3978", parts[1]);
        });
        Assert.Contains("health_uri /health/ready", caddyfile, StringComparison.Ordinal);
        Assert.Contains("briefly-data:/app/data", compose, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_takes_every_secret_from_the_environment_and_documents_each_variable()
    {
        var compose = File.ReadAllText(RepositoryFiles.Path("infra", "compose.yaml"));
        var documented = File.ReadLines(RepositoryFiles.Path("infra", ".env.example"))
            .Select(l => EnvironmentLine().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();

        var used = ComposeVariable().Matches(compose).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(used);
        Assert.All(used, variable => Assert.Contains(variable, documented));
        Assert.DoesNotMatch(LiteralPassword(), compose);
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ComposeVariable();

    [GeneratedRegex(@"src/[A-Za-z.]+/[A-Za-z.]+\.csproj")]
    private static partial Regex ProjectPath();

    /// <summary>A key indented two spaces: under "services:", a service (the file keeps that layout).</summary>
    [GeneratedRegex(@"(?m)^  ([a-z0-9-]+):\s*$")]
    private static partial Regex ComposeService();

    [GeneratedRegex(@"(?m)^\s+- ""([0-9.:]+(?:/udp)?)""")]
    private static partial Regex PublishedPort();

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)=")]
    private static partial Regex EnvironmentLine();

    [GeneratedRegex(@"(?i)(password|apikey|api_key)[""']?\s*[:=]\s*(?![""']?\$\{)[""']?\w")]
    private static partial Regex LiteralPassword();

    /// <summary>
    /// The Teams schema declares draft-04 yet uses "const" (draft-06 and later). JsonSchema.Net has no draft-04
    /// dialect, so the draft-04 id is registered, for this build only, as an alias of the draft-07 dialect. Every
    /// other keyword the schema uses means the same in both drafts, and draft-07 applies "const".
    /// </summary>
    private static JsonSchema TeamsSchema()
    {
        var dialects = new DialectRegistry();
        dialects.Register(Dialect.Draft07.With([], new Uri("http://json-schema.org/draft-04/schema#")));
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry(), DialectRegistry = dialects };
        return JsonSchema.FromText(File.ReadAllText(SharedFiles.Reference("schemas", "teams-manifest_v1.22_MicrosoftTeams.schema.json")), options);
    }

    /// <summary>
    /// The Slack schema chooses between the 1.0.0 and 2.0.0 schemas (beside it in ../shared) by _metadata, naming
    /// them by their GitHub URLs: they are registered under those URLs so nothing is downloaded. Those files put
    /// "$schema" last, after keywords the library reads first, so draft-07 is also given as the default dialect.
    /// </summary>
    private static JsonSchema SlackSchema()
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft07 };
        foreach (var version in new[] { "1.0.0", "2.0.0" })
        {
            JsonSchema.FromText(
                File.ReadAllText(SharedFiles.Reference("schemas", $"slack-manifest-schema_schemas_manifest.schema.{version}.json")),
                options,
                new Uri($"https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.{version}.json"));
        }
        return JsonSchema.FromText(File.ReadAllText(SharedFiles.Reference("schemas", "slack-manifest-schema_manifest.schema.json")), options);
    }

    private static JsonObject ReadObject(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    private static EvaluationResults Evaluate(JsonSchema schema, JsonNode instance)
    {
        using var document = JsonDocument.Parse(instance.ToJsonString());
        return schema.Evaluate(document.RootElement.Clone(), new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static void AssertValid(JsonSchema schema, JsonNode instance)
    {
        var results = Evaluate(schema, instance);
        var errors = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}, {e.Key}): {e.Value}"));
        Assert.True(results.IsValid, "The manifest does not match its schema:\n" + string.Join('\n', errors));
    }

    /// <summary>The project file and its local imports, then the same for each project it references, relative to the repository root.</summary>
    private static IEnumerable<string> ProjectFilesOf(string projectPath)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(projectPath)]);
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(project)) continue;
            yield return Path.GetRelativePath(RepositoryFiles.Root, project).Replace('\\', '/');
            var folder = Path.GetDirectoryName(project)!;
            var xml = XDocument.Load(project);
            foreach (var import in xml.Descendants("Import").Select(i => (string?)i.Attribute("Project")).OfType<string>().Where(p => !p.Contains("$(", StringComparison.Ordinal)))
                yield return Path.GetRelativePath(RepositoryFiles.Root, Path.GetFullPath(Path.Combine(folder, import.Replace('\\', '/')))).Replace('\\', '/');
            foreach (var reference in xml.Descendants("ProjectReference").Select(r => (string?)r.Attribute("Include")).OfType<string>())
                pending.Push(Path.GetFullPath(Path.Combine(folder, reference.Replace('\\', '/'))));
        }
    }

    private readonly record struct Pixel(byte Red, byte Green, byte Blue, byte Alpha)
    {
        public bool IsWhite => Red == 255 && Green == 255 && Blue == 255;
    }

    /// <summary>Just enough of PNG (https://www.w3.org/TR/png-3/) to check an icon: the IHDR fields, and the pixels of 8-bit grey+alpha or RGBA images.</summary>
    private sealed record Png(int Width, int Height, byte BitDepth, byte ColorType, byte Interlace, byte[] ImageData)
    {
        private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

        /// <summary>Colour types 4 (grey + alpha) and 6 (RGB + alpha) carry an alpha channel.</summary>
        public bool HasAlpha => ColorType is 4 or 6;

        public static Png Read(string path)
        {
            var bytes = File.ReadAllBytes(path);
            Assert.True(bytes.AsSpan().StartsWith(Signature), $"{path} is not a PNG.");
            // The first chunk must be IHDR: length 13, then width, height, bit depth, colour type, compression, filter, interlace.
            Assert.Equal("IHDR", Encoding.ASCII.GetString(bytes, 12, 4));
            var header = bytes.AsSpan(16, 13);

            using var imageData = new MemoryStream();
            for (var at = 8; at + 8 <= bytes.Length;)
            {
                var length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
                if (Encoding.ASCII.GetString(bytes, at + 4, 4) == "IDAT") imageData.Write(bytes, at + 8, length);
                at += 12 + length;
            }

            return new Png(
                (int)BinaryPrimitives.ReadUInt32BigEndian(header),
                (int)BinaryPrimitives.ReadUInt32BigEndian(header[4..]),
                header[8], header[9], header[12], imageData.ToArray());
        }

        public List<Pixel> Pixels()
        {
            Assert.True(BitDepth == 8 && HasAlpha && Interlace == 0, $"Only 8-bit, non-interlaced grey+alpha or RGBA images are read (bit depth {BitDepth}, colour type {ColorType}, interlace {Interlace}).");
            var channels = ColorType == 6 ? 4 : 2;
            var stride = Width * channels;

            using var inflated = new MemoryStream();
            using (var zlib = new ZLibStream(new MemoryStream(ImageData), CompressionMode.Decompress)) zlib.CopyTo(inflated);
            var filtered = inflated.ToArray();
            Assert.Equal(Height * (stride + 1), filtered.Length);

            var pixels = new List<Pixel>(Width * Height);
            var previous = new byte[stride];
            var line = new byte[stride];
            for (var y = 0; y < Height; y++)
            {
                var filter = filtered[y * (stride + 1)];
                var row = filtered.AsSpan(y * (stride + 1) + 1, stride);
                for (var x = 0; x < stride; x++)
                {
                    int left = x >= channels ? line[x - channels] : 0, up = previous[x], upLeft = x >= channels ? previous[x - channels] : 0;
                    var predictor = filter switch
                    {
                        0 => 0,
                        1 => left,
                        2 => up,
                        3 => (left + up) / 2,
                        4 => Paeth(left, up, upLeft),
                        _ => throw new InvalidDataException($"Unknown PNG filter type {filter} on row {y}."),
                    };
                    line[x] = (byte)(row[x] + predictor);
                }
                for (var x = 0; x < Width; x++)
                {
                    var p = x * channels;
                    pixels.Add(channels == 4
                        ? new Pixel(line[p], line[p + 1], line[p + 2], line[p + 3])
                        : new Pixel(line[p], line[p], line[p], line[p + 1]));
                }
                (previous, line) = (line, previous);
            }
            return pixels;
        }

        private static int Paeth(int a, int b, int c)
        {
            var p = a + b - c;
            int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
    }
}
