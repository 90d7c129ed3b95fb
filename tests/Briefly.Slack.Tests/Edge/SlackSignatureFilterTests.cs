using System.Net;
using System.Text;
using Briefly.Slack.Edge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Briefly.Slack.Tests.Edge;

/// <summary>
/// The filter in front of every <c>/slack</c> route, over loopback HTTP: Slack off, too large and unsigned are refused
/// before any handler reads the body, so even a body that is not JSON gets the refusal and not a 400.
/// </summary>
public sealed class SlackSignatureFilterTests
{
    public static TheoryData<string, string, string> Routes => new()
    {
        { "/slack/events", """{"type":"event_callback","event":{"type":"message","channel_type":"im","channel":"D1","user":"U1","text":"help"}}""", "application/json" },
        { "/slack/commands", "user_id=U1&channel_id=D1&text=help&response_url=https%3A%2F%2Fhooks.slack.com%2Fx", "application/x-www-form-urlencoded" },
        { "/slack/interactivity", "payload=%7Bnot+json", "application/x-www-form-urlencoded" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_unsigned_request_is_a_401_logged_as_a_warning_and_changes_nothing(string path, string body, string contentType)
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);

        using var response = await host.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var rejected = Assert.Single(host.Logs.Entries, e => e.EventId.Id == SlackEvents.RequestRejected);
        Assert.Equal(LogLevel.Warning, rejected.Level);
        Assert.Contains(path, rejected.Message);
        Assert.Empty(slack.Calls);
        await using var db = host.Database();
        Assert.Equal(0, await db.InboundMessages.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Without_a_signing_secret_every_route_is_a_403_naming_the_setting(string path, string body, string contentType)
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack, configured: false);

        using var response = await host.PostAsync(path, body, contentType);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Slack:SigningSecret", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Too large whether the length is said up front or only found while reading a chunked body; signed or not.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_the_limit_is_a_413(bool saysItsLength)
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        var body = Encoding.UTF8.GetBytes("""{"type":"event_callback","padding":" """ + new string('x', SlackSignatureFilter.MaxRequestBytes) + "\"}");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/events")
        {
            Content = saysItsLength ? new ByteArrayContent(body) : new StreamContent(new UnseekableStream(body)),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignature.Sign(SlackHost.SigningSecret, timestamp, body));
        Assert.Equal(saysItsLength, request.Content.Headers.ContentLength is not null);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_body_just_under_the_limit_is_read_and_verified()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        var prefix = """{"type":"app_rate_limited","padding":" """;
        var body = prefix + new string('x', SlackSignatureFilter.MaxRequestBytes - prefix.Length - 2) + "\"}";
        Assert.Equal(SlackSignatureFilter.MaxRequestBytes, Encoding.UTF8.GetByteCount(body));

        using var response = await host.PostAsync("/slack/events", body, "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A stream that cannot say its length, so HttpClient sends it chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
