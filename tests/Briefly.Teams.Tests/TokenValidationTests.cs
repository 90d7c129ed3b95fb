using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Briefly.Teams.Tests;

/// <summary>
/// Inbound authentication with an app id configured, validated by the SDK against a loopback stand-in for the
/// Bot Framework token service: every forged or unusable token must end as 401, never 500.
/// </summary>
public sealed class TokenValidationTests
{
    private const string AppId = "00000000-0000-0000-0000-0000000b0701";

    [Fact]
    public async Task A_valid_channel_token_is_accepted_and_the_reply_carries_the_bots_own_token()
    {
        await using var issuer = await FakeBotFrameworkIssuer.StartAsync();
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync(issuer.Settings(AppId));
        var activity = TeamsPayloads.Load(TeamsPayloads.PersonalMessage, connector.ServiceUrl);

        using var response = await bot.PostActivityAsync(activity.Json, Bearer(issuer.SignedToken(AppId, connector.ServiceUrl)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(connector.Calls);
        Assert.Equal(activity.ConversationId, reply.ConversationId);
        Assert.NotNull(reply.Card);
        Assert.Equal($"Bearer {FakeBotFrameworkIssuer.OutboundAccessToken}", reply.Authorization);
        var tokenRequest = Assert.Single(issuer.TokenRequests);
        Assert.Equal("client_credentials", tokenRequest["grant_type"]);
        Assert.Equal(AppId, tokenRequest["client_id"]);
        Assert.Equal($"{FakeBotFrameworkIssuer.Issuer}/.default", tokenRequest["scope"]);
    }

    [Fact]
    public async Task An_unsigned_token_gets_401()
    {
        await using var issuer = await FakeBotFrameworkIssuer.StartAsync();
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync(issuer.Settings(AppId));
        var activity = TeamsPayloads.Load(TeamsPayloads.PersonalMessage, connector.ServiceUrl);

        using var response = await bot.PostActivityAsync(activity.Json, Bearer(FakeBotFrameworkIssuer.UnsignedToken(AppId, connector.ServiceUrl)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(connector.Calls);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_gets_401()
    {
        await using var issuer = await FakeBotFrameworkIssuer.StartAsync();
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync(issuer.Settings(AppId));
        var activity = TeamsPayloads.Load(TeamsPayloads.PersonalMessage, connector.ServiceUrl);
        using var forger = RSA.Create(2048);

        using var response = await bot.PostActivityAsync(activity.Json, Bearer(issuer.SignedToken(AppId, connector.ServiceUrl, forger)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(connector.Calls);
    }

    [Fact]
    public async Task A_token_for_another_bot_gets_401()
    {
        await using var issuer = await FakeBotFrameworkIssuer.StartAsync();
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync(issuer.Settings(AppId));
        var activity = TeamsPayloads.Load(TeamsPayloads.PersonalMessage, connector.ServiceUrl);

        using var response = await bot.PostActivityAsync(activity.Json, Bearer(issuer.SignedToken("another-bot", connector.ServiceUrl)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(connector.Calls);
    }

    [Fact]
    public async Task A_token_for_another_service_url_gets_401()
    {
        await using var issuer = await FakeBotFrameworkIssuer.StartAsync();
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync(issuer.Settings(AppId));
        var activity = TeamsPayloads.Load(TeamsPayloads.PersonalMessage, connector.ServiceUrl);

        using var response = await bot.PostActivityAsync(activity.Json, Bearer(issuer.SignedToken(AppId, new Uri("https://smba.trafficmanager.net/amer/"))));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(connector.Calls);
    }

    private static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
