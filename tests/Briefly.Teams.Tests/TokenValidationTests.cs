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

    /// <summary>
    /// Tokens the SDK cannot even read. Those whose parts are not base64url or not three parts come out of
    /// IdentityModel as SecurityTokenMalformedException; those whose parts decode but are not a JWT's JSON
    /// (a.b.c decodes to bytes that are not JSON) come out as a bare ArgumentException (IDX12729 / IDX12723).
    /// </summary>
    [Fact]
    public async Task A_malformed_token_gets_401_not_500()
    {
        await using var issuer = await FakeBotFrameworkIssuer.StartAsync();
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync(issuer.Settings(AppId));
        var activity = TeamsPayloads.Load(TeamsPayloads.PersonalMessage, connector.ServiceUrl);
        string[] tokens =
        [
            "a.b.c",
            "a.b.c.d.e",
            "garbage",
            "....",
            $"{Base64Url("hello")}.{Base64Url("world")}.c2ln",
            $"{Base64Url("[]")}.{Base64Url("{}")}.c2ln",
            $"{Base64Url("""{"alg":"RS256","kid":"briefly-test-key"}""")}.{Base64Url("not json")}.c2ln",
            $"{Base64Url("""{"alg":"RS256","kid":"briefly-test-key"}""")}.{Base64Url("""{"iss":123}""")}.c2ln",
            $"{Base64Url("""{"alg":"RS256","kid":"briefly-test-key"}""")}.{Base64Url("""{"exp":"soon"}""")}.c2ln",
        ];

        foreach (var token in tokens)
        {
            using var response = await bot.PostActivityAsync(activity.Json, Bearer(token));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"'{token}' got {(int)response.StatusCode}");
        }

        Assert.Empty(connector.Calls);
        Assert.Equal(tokens.Length, bot.Logs.Entries.Count(e => e.EventId.Id == TeamsEvents.RejectedToken));
        Assert.DoesNotContain(bot.Logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task A_bearer_header_without_a_token_gets_401()
    {
        await using var issuer = await FakeBotFrameworkIssuer.StartAsync();
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync(issuer.Settings(AppId));
        var activity = TeamsPayloads.Load(TeamsPayloads.PersonalMessage, connector.ServiceUrl);

        using var response = await bot.PostActivityAsync(activity.Json, new AuthenticationHeaderValue("Bearer"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(connector.Calls);
    }

    [Fact]
    public async Task When_the_signing_keys_cannot_be_fetched_a_well_formed_token_is_a_server_error_not_401()
    {
        // Only the token's own faults become 401; the bot failing to reach the Bot Framework's keys is not one.
        var issuer = await FakeBotFrameworkIssuer.StartAsync();
        var settings = issuer.Settings(AppId);
        await using var connector = await FakeConnector.StartAsync();
        var token = issuer.SignedToken(AppId, connector.ServiceUrl);
        await issuer.DisposeAsync();
        await using var bot = await BotHost.StartAsync(settings);
        var activity = TeamsPayloads.Load(TeamsPayloads.PersonalMessage, connector.ServiceUrl);

        using var response = await bot.PostActivityAsync(activity.Json, Bearer(token));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Empty(connector.Calls);
        Assert.DoesNotContain(bot.Logs.Entries, e => e.EventId.Id == TeamsEvents.RejectedToken);
    }

    [Fact]
    public async Task A_validly_signed_activity_without_a_service_url_gets_400_naming_it()
    {
        await using var issuer = await FakeBotFrameworkIssuer.StartAsync();
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotHost.StartAsync(issuer.Settings(AppId));
        var activity = TeamsPayloads.Load(TeamsPayloads.PersonalMessage, connector.ServiceUrl).With(a => a.Remove("serviceUrl"));

        using var response = await bot.PostActivityAsync(activity.Json, Bearer(issuer.SignedToken(AppId, connector.ServiceUrl)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("serviceUrl", await response.Content.ReadAsStringAsync());
        Assert.Empty(connector.Calls);
        Assert.Empty(issuer.TokenRequests);
    }

    private static string Base64Url(string text) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
