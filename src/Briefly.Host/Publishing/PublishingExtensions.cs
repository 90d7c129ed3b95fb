using Briefly.Slack;
using Microsoft.Extensions.Options;

namespace Briefly.Host.Publishing;

internal static class PublishingExtensions
{
    /// <summary>The "Publishing" settings, checked at start.</summary>
    public static WebApplicationBuilder AddPublishing(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PublishingOptions>().BindConfiguration(PublishingOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PublishingOptions>, PublishingOptionsValidator>();
        // Slack sends people back from installing to the public address, unless the Slack section names another.
        builder.Services.AddOptions<SlackOptions>().PostConfigure<IOptions<PublishingOptions>>((slack, publishing) =>
            slack.OAuthRedirectUrl ??= publishing.Value.PublicUrl is { } url ? new Uri(url.AbsoluteUri.TrimEnd('/') + "/slack/oauth/callback") : null);
        return builder;
    }
}
