using Microsoft.Playwright;

namespace Briefly.Host.Tests;

/// <summary>Debian's chromium (which tests/run installs), driven by Playwright: its own browser download is not reachable here.</summary>
internal static class Chromium
{
    private const string ExecutablePath = "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = ExecutablePath, Headless = true,
        // Without these chromium reaches for Google's services at start, which this machine's network refuses.
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    /// <summary>A page that collects every console error and uncaught script error into <paramref name="problems"/>.</summary>
    public static async Task<IPage> NewPageAsync(IBrowser browser, List<string> problems, int width = 1400, int height = 1000)
    {
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        page.Console += (_, message) => { if (message.Type == "error") problems.Add(message.Text); };
        page.PageError += (_, error) => problems.Add(error);
        return page;
    }

    /// <summary>
    /// Saves a screenshot in the test's folder and, when BRIEFLY_UPDATE_SCREENSHOTS=1, over the README's copy in docs/.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string folder, string name, bool fullPage = false)
    {
        var path = Path.Combine(folder, name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = fullPage });
        if (Environment.GetEnvironmentVariable("BRIEFLY_UPDATE_SCREENSHOTS") == "1")
            File.Copy(path, Briefly.Testing.RepositoryFiles.Path("docs", name), overwrite: true);
    }
}
