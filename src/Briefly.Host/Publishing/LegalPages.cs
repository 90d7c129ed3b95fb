using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;

namespace Briefly.Host.Publishing;

/// <summary>
/// The privacy statement and terms of use a Teams app must link to, served at <c>/privacy</c> and <c>/terms</c>. They say
/// what this code stores and for how long, so they stay true as long as the code does; an operator with pages of their
/// own points <c>Publishing:PrivacyUrl</c> and <c>Publishing:TermsUrl</c> at them instead.
/// </summary>
internal static class LegalPages
{
    public static IEndpointRouteBuilder MapLegalPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/privacy", (IOptions<PublishingOptions> options) => Page("Privacy", Privacy(options.Value)));
        app.MapGet("/terms", (IOptions<PublishingOptions> options) => Page("Terms of use", Terms(options.Value)));
        return app;
    }

    private static IResult Page(string title, string body) => Results.Content(
        $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Briefly: {{title}}</title>
        <style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.5rem}</style></head>
        <body>
        <h1>Briefly: {{title}}</h1>
        {{body}}
        </body>
        </html>
        """, "text/html; charset=utf-8");

    private static string Privacy(PublishingOptions options)
    {
        var html = HtmlEncoder.Default;
        var contact = string.IsNullOrWhiteSpace(options.Contact) ? "" :
            $"<p>Questions about your data, or a request to have it removed: {html.Encode(options.Contact.Trim())}.</p>";
        return $"""
            <p>Briefly is run here by {html.Encode(options.OperatorName)}. It posts a daily news brief to the channels it is added to,
            answers questions about the stories it holds and tells people when a new story matches a topic they follow.</p>
            <h2>What it keeps</h2>
            <ul>
            <li>For each person who talks to it: the id Slack or Microsoft Teams gives them, their name as the platform shows it, their
            time zone, the topics they follow, how and when they want alerts (at once, or a daily digest; quiet hours), and the last
            question they asked, so "more" can continue it.</li>
            <li>For each channel or chat it is in: the platform's ids for it and what the platform needs to post there, its brief
            schedule and time zone, and which brief was posted there and when.</li>
            <li>The messages people send it and its replies, for seven days after they are handled, so a message the platform
            delivers twice is answered once and a failure can be looked into; then they are deleted.</li>
            </ul>
            <h2>What it does not do</h2>
            <p>It reads only the messages sent to it directly or that mention it, and the events of the channels it is in. It does not
            share what it keeps with anyone, use it for advertising, or send it to any service besides Slack and Microsoft Teams
            themselves. The news briefs it posts are written by the people who run it.</p>
            <h2>Stopping it</h2>
            <p>Say <code>unfollow</code> and a topic to stop its alerts, or <code>alerts off</code>. Removing Briefly from a channel stops
            its posts there; the records above stay with its delivery history until the people who run it delete them.</p>
            {contact}
            """;
    }

    private static string Terms(PublishingOptions options)
    {
        var html = HtmlEncoder.Default;
        return $"""
            <p>Briefly is provided by {html.Encode(options.OperatorName)} to the people of its workspace or organisation, as it is,
            to read news briefs and ask about their stories.</p>
            <ul>
            <li>The briefs are summaries with links to their sources; check a source before relying on a story.</li>
            <li>Use Briefly within your workspace's or organisation's own rules; do not use it to send messages to people who have not
            added it.</li>
            <li>Briefly may change or stop; your topics and settings can be lost when it does.</li>
            </ul>
            <p>What Briefly keeps about you is described on its <a href="/privacy">privacy page</a>.</p>
            """;
    }
}
