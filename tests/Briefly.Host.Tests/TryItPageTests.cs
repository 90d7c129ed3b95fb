using Briefly.Data;
using Briefly.Testing;
using Microsoft.Playwright;

namespace Briefly.Host.Tests;

/// <summary>
/// The try-it page of `serve --samples` in a real browser (Debian's chromium, driven by Playwright): a question is
/// answered with the Teams card drawn by the official Adaptive Cards renderer and the Slack message beside it, and the
/// card's Follow button follows the topic.
/// </summary>
public sealed class TryItPageTests
{
    [Fact]
    public async Task A_question_is_answered_in_both_platforms_looks_and_follow_works_in_a_browser()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        CopyFolder(RepositoryFiles.Path("samples", "briefs"), Path.Combine(work.Path, "samples", "briefs"));
        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, new() { ["Search:EmbeddingModel"] = "none" }, "serve", "--samples");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var problems = new List<string>();
        var page = await Chromium.NewPageAsync(browser, problems);

        await page.GotoAsync(host.Url.ToString());
        await page.FillAsync("#text", "latest on DeepSeek");
        await page.PressAsync("#text", "Enter");

        var card = page.Locator(".teams .ac-adaptiveCard").First;
        await card.WaitForAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(card).ToContainTextAsync("DeepSeek");
        await Assertions.Expect(page.Locator(".slack .message").First).ToContainTextAsync("DeepSeek");

        // The renderer's buttons are the card's actions: "Follow DeepSeek" sends its words back.
        await card.GetByRole(AriaRole.Button, new() { Name = "Follow DeepSeek" }).ClickAsync();
        await Assertions.Expect(page.Locator(".teams").Nth(1)).ToContainTextAsync("Following DeepSeek", new() { Timeout = 60_000 });

        await Chromium.ScreenshotAsync(page, work.Path, "try-it.png", fullPage: true);
        Assert.Empty(problems);
        await using var db = database.CreateContext();
        Assert.Contains(db.TopicSubscriptions, s => s.Topic == "DeepSeek");
    }

    [Fact]
    public async Task Without_samples_or_the_setting_there_is_no_page()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        await using var host = await BrieflyProcess.ServeAsync(database, work.Path, new() { ["Search:EmbeddingModel"] = "none" });
        using var client = new HttpClient { BaseAddress = host.Url };

        using var root = await client.GetAsync("/");
        using var say = await client.PostAsync("/try/messages", new StringContent("""{"text":"help"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, root.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, say.StatusCode);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
