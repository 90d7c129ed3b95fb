using System.Net;
using Briefly.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefly.Teams.Tests;

/// <summary>
/// Without an app id the Teams endpoint authenticates nobody, so the host must not be reachable from beyond this
/// machine unless Teams:AllowUnauthenticated says so.
/// </summary>
public sealed class UnauthenticatedAccessTests
{
    private const string ListeningMessage = "Now listening on";

    /// <summary>A documentation address (RFC 5737) standing for a client on another machine; nothing is sent to it.</summary>
    private static readonly IPAddress Elsewhere = IPAddress.Parse("203.0.113.7");

    [Theory]
    [InlineData("http://0.0.0.0:0", null, null, "http://0.0.0.0:0")]
    [InlineData("http://+:0", null, null, "http://+:0")]
    [InlineData("http://*:0", null, null, "http://*:0")]
    [InlineData("http://[::]:0", null, null, "http://[::]:0")]
    [InlineData("http://192.0.2.10:0", null, null, "http://192.0.2.10:0")]
    [InlineData("http://127.0.0.1:0;http://0.0.0.0:0", null, null, "http://0.0.0.0:0")]
    // Kestrel's own endpoints win over the urls.
    [InlineData("http://127.0.0.1:0", "Kestrel:Endpoints:Public:Url", "http://0.0.0.0:0", "http://0.0.0.0:0")]
    // With no urls, ASPNETCORE_HTTP_PORTS (as Microsoft's container images set it) binds every interface.
    [InlineData("", "HTTP_PORTS", "8080", "http://*:8080")]
    public async Task Without_authentication_a_host_listening_beyond_loopback_refuses_to_start_before_it_listens(
        string urls, string? key, string? value, string named)
    {
        var settings = new Dictionary<string, string?>();
        if (key is not null) settings[key] = value;
        var hostLogs = new RecordingLoggerProvider();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(
            () => BotHost.StartAsync(settings, urls, builder => builder.Logging.AddProvider(hostLogs)));

        Assert.Contains("Teams:MicrosoftAppId", failure.Message);
        Assert.Contains("Teams:AllowUnauthenticated", failure.Message);
        Assert.Contains(named, failure.Message);
        Assert.DoesNotContain(hostLogs.Entries, e => e.Message.Contains(ListeningMessage));
    }

    [Fact]
    public async Task With_AllowUnauthenticated_a_host_on_every_interface_starts_and_says_once_who_may_post()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync(
            new Dictionary<string, string?> { ["Teams:AllowUnauthenticated"] = "true" }, "http://0.0.0.0:0", RemoteClient.TakeAddressFromHeader);
        var activity = TeamsPayloads.Load(TeamsPayloads.PersonalMessage, connector.ServiceUrl);

        using var response = await RemoteClient.PostActivityAsync(bot, activity.Json, Elsewhere);
        await bot.SettledAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(connector.Calls);
        Assert.DoesNotContain(bot.Logs.Entries, e => e.EventId.Id == TeamsEvents.RefusedRemoteClient);
        var notice = Assert.Single(bot.Logs.Entries, e => e.EventId.Id is TeamsEvents.UnauthenticatedLocalOnly or TeamsEvents.UnauthenticatedOpenToAnyone);
        Assert.Equal(TeamsEvents.UnauthenticatedOpenToAnyone, notice.EventId.Id);
        Assert.Equal(LogLevel.Warning, notice.Level);
        Assert.Contains("Teams:AllowUnauthenticated", notice.Message);
        Assert.Contains(bot.Logs.Entries, e => e.Message.Contains(ListeningMessage));
    }

    [Fact]
    public async Task On_loopback_without_authentication_it_starts_and_says_once_that_it_takes_unauthenticated_local_traffic()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync();
        var activity = TeamsPayloads.Load(TeamsPayloads.PersonalMessage, connector.ServiceUrl);

        using var first = await bot.PostActivityAsync(activity.Json);
        using var second = await bot.PostActivityAsync(activity.With(a => a["id"] = "another-activity-id").Json);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var notice = Assert.Single(bot.Logs.Entries, e => e.EventId.Id is TeamsEvents.UnauthenticatedLocalOnly or TeamsEvents.UnauthenticatedOpenToAnyone);
        Assert.Equal(TeamsEvents.UnauthenticatedLocalOnly, notice.EventId.Id);
        Assert.Equal(LogLevel.Warning, notice.Level);
        Assert.Contains("unauthenticated", notice.Message);
        Assert.Contains("127.0.0.1", notice.Message);
    }

    [Fact]
    public async Task With_teams_turned_off_a_host_on_every_interface_starts_and_its_teams_endpoint_answers_403()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync(new Dictionary<string, string?> { ["Teams:Enabled"] = "false" }, "http://0.0.0.0:0");
        var activity = TeamsPayloads.Load(TeamsPayloads.PersonalMessage, connector.ServiceUrl);

        using var response = await bot.PostActivityAsync(activity.Json);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Teams:Enabled", await response.Content.ReadAsStringAsync());
        Assert.Empty(connector.Calls);
        Assert.DoesNotContain(bot.Logs.Entries, e => e.EventId.Id is TeamsEvents.UnauthenticatedLocalOnly or TeamsEvents.UnauthenticatedOpenToAnyone);
        await using var db = bot.Database();
        Assert.Empty(db.InboundMessages);
    }

    [Fact]
    public async Task With_authentication_nothing_is_said_about_unauthenticated_traffic()
    {
        await using var bot = await BotHost.StartAsync(new Dictionary<string, string?>
        {
            ["Teams:MicrosoftAppId"] = "00000000-0000-0000-0000-0000000b0701",
            ["Teams:MicrosoftAppPassword"] = "not-a-real-secret",
            ["Teams:MicrosoftAppTenantId"] = "00000000-0000-0000-0000-00000000a11c",
        }, "http://0.0.0.0:0");

        Assert.DoesNotContain(bot.Logs.Entries, e => e.EventId.Id is TeamsEvents.UnauthenticatedLocalOnly or TeamsEvents.UnauthenticatedOpenToAnyone);
    }

    [Fact]
    public async Task An_endpoint_configured_in_code_beyond_loopback_still_refuses_clients_from_elsewhere()
    {
        // Kestrel endpoints set in code are invisible to the start-up check, which reads configuration.
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync(configure: builder =>
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Any, 0));
            RemoteClient.TakeAddressFromHeader(builder);
        });
        var activity = TeamsPayloads.Load(TeamsPayloads.PersonalMessage, connector.ServiceUrl);
        Assert.Equal("0.0.0.0", new Uri(bot.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Single()).Host);

        using var refused = await RemoteClient.PostActivityAsync(bot, activity.Json, Elsewhere);
        using var local = await bot.PostActivityAsync(activity.Json);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Teams:MicrosoftAppId", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Single(connector.Calls);
        var refusal = Assert.Single(bot.Logs.Entries, e => e.EventId.Id == TeamsEvents.RefusedRemoteClient);
        Assert.Contains(Elsewhere.ToString(), refusal.Message);
    }

    [Theory]
    [InlineData("http://localhost:3978", true)]
    [InlineData("https://LOCALHOST:443", true)]
    [InlineData("http://127.0.0.1:3978", true)]
    [InlineData("http://127.8.9.10:3978", true)]
    [InlineData("http://[::1]:3978", true)]
    [InlineData("http://[::ffff:127.0.0.1]:3978", true)]
    [InlineData("http://unix:/run/briefly.sock", true)]
    [InlineData("http://0.0.0.0:3978", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://*:80", false)]
    [InlineData("http://[::]:80", false)]
    [InlineData("http://192.0.2.2:3978", false)]
    [InlineData("http://briefly.example.com:80", false)]
    [InlineData("not a url", false)]
    public void Only_loopback_addresses_count_as_local(string address, bool local) =>
        Assert.Equal(local, ListenAddresses.IsLocal(address));

    /// <summary>
    /// A client on another machine, played over loopback: tests send only to 127.0.0.0/8 and ::1, so the host takes
    /// the client's address from a request header instead of the socket.
    /// </summary>
    private static class RemoteClient
    {
        private const string AddressHeader = "X-Test-Remote-Address";

        /// <summary>
        /// Registers, through a startup filter, middleware that runs ahead of the app's routing and endpoints, so the
        /// endpoint's guard sees the address from the header.
        /// </summary>
        public static void TakeAddressFromHeader(WebApplicationBuilder builder) =>
            builder.Services.AddSingleton<IStartupFilter, AddressFromHeader>();

        public static Task<HttpResponseMessage> PostActivityAsync(BotHost bot, string json, IPAddress from)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, TeamsHostingExtensions.MessagesRoute)
            {
                Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(AddressHeader, from.ToString());
            Assert.True(IPAddress.IsLoopback(IPAddress.Parse(bot.Url.Host)), $"{bot.Url} is not loopback");
            return bot.Client.SendAsync(request);
        }

        private sealed class AddressFromHeader : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use((context, nextMiddleware) =>
                {
                    if (IPAddress.TryParse(context.Request.Headers[AddressHeader].ToString(), out var address))
                        context.Connection.RemoteIpAddress = address;
                    return nextMiddleware(context);
                });
                next(app);
            };
        }
    }
}
