using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Briefly.Host.Publishing;

/// <summary>
/// How this Briefly presents itself to the people who install it, from the "Publishing" section: the address it is reached
/// at, who runs it, its privacy and terms pages, and the version of its Teams app.
/// </summary>
public sealed class PublishingOptions
{
    public const string SectionName = "Publishing";

    /// <summary>
    /// The https address people and platforms reach this Briefly at (<c>https://briefly.contoso.com</c>): the Teams app's
    /// website and only valid domain, and where its privacy and terms pages are unless given.
    /// </summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>Who runs this Briefly: named on its privacy and terms pages and as the Teams app's developer.</summary>
    public string Operator { get; set; } = "";

    /// <summary>Where people write about their data: an email address or a web address, shown on the privacy page.</summary>
    public string Contact { get; set; } = "";

    /// <summary>A privacy statement of the operator's own, instead of the page this host serves at <c>/privacy</c>.</summary>
    public Uri? PrivacyUrl { get; set; }

    /// <summary>Terms of use of the operator's own, instead of the page this host serves at <c>/terms</c>.</summary>
    public Uri? TermsUrl { get; set; }

    /// <summary>The Teams app's version (<c>major.minor.patch</c>): raise it for Teams to take an uploaded package as an update.</summary>
    public string AppVersion { get; set; } = "1.0.0";

    /// <summary>The privacy statement's address: the one given, else this host's page; null without a public address.</summary>
    internal Uri? PrivacyAddress => PrivacyUrl ?? Page("privacy");

    /// <summary>The terms' address: the one given, else this host's page; null without a public address.</summary>
    internal Uri? TermsAddress => TermsUrl ?? Page("terms");

    internal string OperatorName => string.IsNullOrWhiteSpace(Operator) ? "the organisation that runs this Briefly" : Operator.Trim();

    private Uri? Page(string path) => PublicUrl is null ? null : new Uri(new Uri(PublicUrl.AbsoluteUri.TrimEnd('/') + "/"), path);
}

/// <summary>Checks the addresses and version at start, naming the key: Teams refuses a package with anything else.</summary>
internal sealed partial class PublishingOptionsValidator : IValidateOptions<PublishingOptions>
{
    public ValidateOptionsResult Validate(string? name, PublishingOptions options)
    {
        var failures = new List<string>();
        Https(options.PublicUrl, "PublicUrl", failures);
        Https(options.PrivacyUrl, "PrivacyUrl", failures);
        Https(options.TermsUrl, "TermsUrl", failures);
        if (options.Operator?.Trim().Length > MaxOperatorLength)
            failures.Add($"{PublishingOptions.SectionName}:Operator is the Teams app's developer name: at most {MaxOperatorLength} characters.");
        if (!VersionPattern().IsMatch(options.AppVersion ?? ""))
            failures.Add($"{PublishingOptions.SectionName}:AppVersion '{options.AppVersion}' is not a version as Teams takes it: major.minor.patch, e.g. 1.0.0.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The Teams manifest schema's limit on <c>developer.name</c>.</summary>
    private const int MaxOperatorLength = 32;

    private static void Https(Uri? address, string key, List<string> failures)
    {
        if (address is null) return;
        if (!address.IsAbsoluteUri || address.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(address.Query) || !string.IsNullOrEmpty(address.Fragment))
            failures.Add($"{PublishingOptions.SectionName}:{key} '{address}' must be an https address with no query (Teams takes nothing else).");
    }

    [GeneratedRegex(@"^\d{1,5}\.\d{1,5}\.\d{1,5}$")]
    private static partial Regex VersionPattern();
}
