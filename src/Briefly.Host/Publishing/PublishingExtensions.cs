using Microsoft.Extensions.Options;

namespace Briefly.Host.Publishing;

internal static class PublishingExtensions
{
    /// <summary>The "Publishing" settings, checked at start.</summary>
    public static WebApplicationBuilder AddPublishing(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PublishingOptions>().BindConfiguration(PublishingOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PublishingOptions>, PublishingOptionsValidator>();
        return builder;
    }
}
