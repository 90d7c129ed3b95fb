using System.Text.RegularExpressions;

namespace Briefly.Slack.Edge;

/// <summary>
/// Slack's message text as the words a person typed. Slack writes mentions, channel links and links as tokens in angle
/// brackets and escapes the three characters it uses for them (https://docs.slack.dev/messaging/formatting-message-text/,
/// "Escaping text" and "Retrieving messages"), so "AT&amp;T" arrives as "AT&amp;amp;T" and a mention as "&lt;@U123&gt;".
/// </summary>
internal static partial class SlackText
{
    /// <summary>
    /// Resolves the tokens, then decodes the escapes. In that order, a "&lt;" the person typed (sent as "&amp;lt;") stays a
    /// character of the text and never becomes the start of a token.
    /// </summary>
    public static string Plain(string text)
    {
        var resolved = Token().Replace(text, token =>
        {
            if (Resolve(token.Groups["body"].Value) is { } words) return words + token.Groups["space"].Value;
            // A dropped token takes the space after it, so "<@U1> latest" is "latest"; between two words it leaves one space.
            var start = token.Index == 0 || char.IsWhiteSpace(text[token.Index - 1]);
            return start || token.Index + token.Length == text.Length ? "" : " ";
        });
        return Escape().Replace(resolved, e => e.Value switch
        {
            "&amp;" => "&",
            "&lt;" => "<",
            _ => ">",
        }).Trim();
    }

    /// <summary>What a token reads as, or null for one that adds nothing to a question.</summary>
    private static string? Resolve(string body)
    {
        var bar = body.IndexOf('|', StringComparison.Ordinal);
        var target = bar < 0 ? body : body[..bar];
        var label = bar < 0 ? "" : body[(bar + 1)..];
        return target switch
        {
            // People (U…, W… in Enterprise Grid), the bot itself among them: an id is no word of a question.
            ['@', ..] => null,
            // A channel reads as its name when Slack gives it; a bare id says nothing.
            ['#', ..] => label.Length > 0 ? "#" + label : null,
            // A date reads as the fallback text Slack shows where it cannot format it.
            ['!', ..] when target.StartsWith("!date^", StringComparison.Ordinal) => label.Length > 0 ? label : null,
            // @here, @channel, @everyone and user groups (!subteam^…) call people; they are not what is asked about.
            ['!', ..] => null,
            // A link (web, mailto:, …) reads as its label, or as the address when it has none.
            _ => label.Length > 0 ? label : target,
        };
    }

    /// <summary>A token: no angle bracket can occur inside one, since Slack escapes those in the text it wraps.</summary>
    [GeneratedRegex(@"<(?<body>[^<>]*)>(?<space>[ \t]*)")]
    private static partial Regex Token();

    [GeneratedRegex("&(?:amp|lt|gt);")]
    private static partial Regex Escape();
}
