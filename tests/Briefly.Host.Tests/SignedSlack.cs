using System.Globalization;
using System.Net;
using System.Text;
using Briefly.Slack.Edge;

namespace Briefly.Host.Tests;

/// <summary>Requests to a served host's Slack endpoints as Slack makes them: signed with the app's signing secret.</summary>
internal static class SignedSlack
{
    public static async Task PostAsync(HttpClient client, string signingSecret, string path, string body, string contentType)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignature.Sign(signingSecret, timestamp, Encoding.UTF8.GetBytes(body)));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
