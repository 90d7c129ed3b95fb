namespace Briefly.Host.TryIt;

/// <summary>The try-it page, from the "TryIt" section: on with <c>serve --samples</c> or <c>TryIt:Enabled</c>.</summary>
public sealed class TryItOptions
{
    public const string SectionName = "TryIt";

    /// <summary>Serves the page at <c>/</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Lets other machines use the page. Off, only requests from this machine are answered: anyone who reached the page
    /// could read the stored briefs and change the local person's topics.
    /// </summary>
    public bool AllowRemote { get; set; }
}
