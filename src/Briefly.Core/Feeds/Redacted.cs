namespace Briefly.Core.Feeds;

/// <summary>
/// Feed URLs as they may be logged or printed: private feeds carry their access token in the user info or the query
/// (<c>https://user:pass@host/feed?token=…</c>), and logs and terminals are read by more people than the settings are.
/// </summary>
public static class Redacted
{
    /// <summary>Scheme, host, port and path; the user info and fragment left out and a query shown as <c>?…</c>.</summary>
    public static string Url(Uri url)
    {
        if (!url.IsAbsoluteUri || url.Host.Length == 0) return Text(url.OriginalString);
        var site = url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        return url.Query.Length > 1 ? site + "?…" : site;
    }

    /// <summary>A stored or typed URL, redacted as <see cref="Url(Uri)"/> does when it is one with a host.</summary>
    public static string Url(string url) => Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? Url(parsed) : Text(url);

    /// <summary>Text that is not a URL with a host ("user:pass@host/feed"): cut at its query, and at an '@' before it.</summary>
    private static string Text(string url)
    {
        var end = url.IndexOfAny(['?', '#']);
        var head = end < 0 ? url : url[..end];
        if (head.LastIndexOf('@') is var at and >= 0) head = "…" + head[(at + 1)..];
        return end >= 0 && url[end] == '?' ? head + "?…" : head;
    }
}
