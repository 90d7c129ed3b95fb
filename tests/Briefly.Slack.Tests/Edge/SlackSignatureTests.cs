using System.Text;
using System.Text.Json.Nodes;
using Briefly.Slack.Edge;
using Briefly.Testing;

namespace Briefly.Slack.Tests.Edge;

/// <summary>Slack's own signing example (../shared/reference/slack), verified at its time and refused when anything differs.</summary>
public sealed class SlackSignatureTests
{
    private static readonly JsonObject Example =
        JsonNode.Parse(File.ReadAllText(SharedFiles.Reference("slack", "slack-docs_request-signing-example.json")))!.AsObject();

    private static string Secret => (string)Example["signing_secret"]!;

    private static string Timestamp => (string)Example["X-Slack-Request-Timestamp"]!;

    private static string Signature => (string)Example["X-Slack-Signature"]!;

    private static byte[] Body => Encoding.UTF8.GetBytes((string)Example["body"]!);

    private static DateTimeOffset SentAt => DateTimeOffset.FromUnixTimeSeconds(long.Parse(Timestamp, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Slacks_example_is_signed_as_slack_signs_it()
    {
        Assert.Equal(Signature, SlackSignature.Sign(Secret, Timestamp, Body));
        Assert.Null(SlackSignature.Problem(Secret, Timestamp, Signature, Body, SentAt.AddMinutes(4)));
    }

    [Fact]
    public void A_request_older_than_five_minutes_is_refused_as_a_possible_replay()
    {
        Assert.Contains("five minutes", SlackSignature.Problem(Secret, Timestamp, Signature, Body, SentAt.AddMinutes(6)));
        Assert.Contains("five minutes", SlackSignature.Problem(Secret, Timestamp, Signature, Body, SentAt.AddMinutes(-6)));
    }

    [Fact]
    public void A_changed_body_secret_or_signature_is_refused()
    {
        var changed = Body.ToArray();
        changed[^1] ^= 1;

        Assert.Contains("does not match", SlackSignature.Problem(Secret, Timestamp, Signature, changed, SentAt));
        Assert.Contains("does not match", SlackSignature.Problem(Secret + "x", Timestamp, Signature, Body, SentAt));
        Assert.Contains("does not match", SlackSignature.Problem(Secret, Timestamp, Signature[..^1] + "0", Body, SentAt));
        Assert.Contains("does not match", SlackSignature.Problem(Secret, Timestamp, Signature.ToUpperInvariant(), Body, SentAt));
    }

    [Theory]
    [InlineData(null, "v0=abc")]
    [InlineData("1531420618", null)]
    [InlineData("", "")]
    [InlineData("15314206x8", "v0=abc")]
    [InlineData("-1531420618", "v0=abc")]
    public void Missing_or_malformed_headers_are_refused(string? timestamp, string? signature)
    {
        Assert.NotNull(SlackSignature.Problem(Secret, timestamp, signature, Body, SentAt));
    }
}
