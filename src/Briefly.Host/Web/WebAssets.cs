using System.Reflection;

namespace Briefly.Host.Web;

/// <summary>
/// The scripts and stylesheets the host's pages share, at <c>/assets/…</c>: how Teams and Slack draw Briefly's messages
/// (platforms.js, platforms.css, and the official Adaptive Cards renderer from npm, Web/package.json) and the admin
/// page's own. Built into the host, except the renderer, which the build copies beside it.
/// </summary>
internal static class WebAssets
{
    /// <summary>Where the build puts the Adaptive Cards renderer, beside the host.</summary>
    private static readonly string RendererFile = Path.Combine(AppContext.BaseDirectory, "web", "adaptivecards.min.js");

    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".html"] = "text/html; charset=utf-8",
    };

    public static IEndpointRouteBuilder MapWebAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/assets/adaptivecards.js", () => File.Exists(RendererFile)
            ? Results.File(RendererFile, Types[".js"])
            : Results.NotFound());
        app.MapGet("/assets/{name}", (string name) => Asset("web/" + name));
        return app;
    }

    /// <summary>A file built into the host under <paramref name="resource"/> ("web/platforms.js", "tryit/index.html"), or 404.</summary>
    public static IResult Asset(string resource)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource);
        return stream is null || !Types.TryGetValue(Path.GetExtension(resource), out var type)
            ? Results.NotFound()
            : Results.Stream(stream, type);
    }
}
