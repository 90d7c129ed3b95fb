using Microsoft.Extensions.Options;

namespace Briefly.Slack;

/// <summary>The Slack app's credentials, from the "Slack" configuration section. Both are secrets: keep them out of appsettings.json.</summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";

    /// <summary>Signs every request Slack sends (Basic Information → Signing Secret). Unset, the Slack endpoints refuse everything.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>The bot token (<c>xoxb-…</c>) replies are posted with.</summary>
    public string? BotToken { get; set; }

    /// <summary>Where the Web API is; only tests point it elsewhere.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    public bool Enabled => !string.IsNullOrWhiteSpace(SigningSecret);
}

/// <summary>Checks at start that a host taking Slack's requests can also answer them, naming the missing key.</summary>
internal sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        if (options.Enabled && string.IsNullOrWhiteSpace(options.BotToken))
            return ValidateOptionsResult.Fail("Slack:BotToken is required when Slack:SigningSecret is set: without it no answer can be posted.");
        if (!options.Enabled && !string.IsNullOrWhiteSpace(options.BotToken))
            return ValidateOptionsResult.Fail("Slack:SigningSecret is required when Slack:BotToken is set: without it no request from Slack can be verified.");
        if (!options.ApiBaseUrl.IsAbsoluteUri || !options.ApiBaseUrl.AbsolutePath.EndsWith('/'))
            return ValidateOptionsResult.Fail("Slack:ApiBaseUrl must be an absolute URL ending in '/'.");
        return ValidateOptionsResult.Success;
    }
}
