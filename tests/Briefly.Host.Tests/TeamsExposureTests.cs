using System.Net;
using System.Text;
using Briefly.Data;
using Briefly.Testing;

namespace Briefly.Host.Tests;

/// <summary>
/// The real host on every interface without a Teams registration: it would take activities from anyone and post to
/// any serviceUrl they name, so it must refuse to start unless told.
/// </summary>
public class TeamsExposureTests
{
    private const string ListeningMessage = "Now listening on";

    [Fact]
    public async Task On_every_interface_without_Teams_authentication_the_host_exits_naming_the_settings_without_listening()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();
        var url = $"http://0.0.0.0:{BrieflyProcess.FreePort()}";

        var result = await BrieflyProcess.RunAsync(database, work.Path, new() { ["Urls"] = url }, TimeSpan.FromMinutes(1), "serve");

        var output = result.Output + result.Errors;
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Teams:MicrosoftAppId", output);
        Assert.Contains("Teams:AllowUnauthenticated", output);
        Assert.Contains(url, output);
        Assert.DoesNotContain(ListeningMessage, output);
    }

    [Fact]
    public async Task With_Teams_AllowUnauthenticated_it_serves_on_every_interface_and_says_so()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var work = new TempFolder();

        await using var host = await BrieflyProcess.ServeOnAsync(database, work.Path, new() { ["Teams:AllowUnauthenticated"] = "true" }, "0.0.0.0");
        using var http = new HttpClient { BaseAddress = host.Url };
        using var notAnActivity = await http.PostAsync("/api/messages", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, notAnActivity.StatusCode);
        Assert.Contains("serviceUrl", await notAnActivity.Content.ReadAsStringAsync());
        Assert.Contains("Teams:AllowUnauthenticated is true", host.Log);
        Assert.Contains($"{ListeningMessage}: http://0.0.0.0:{host.Url.Port}", host.Log);
    }
}
