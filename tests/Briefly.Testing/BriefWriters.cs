using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Briefly.Core.Briefs;

namespace Briefly.Testing;

/// <summary>Writes a brief out the ways its authors publish it, so that tests can read it back.</summary>
public static class BriefWriters
{
    /// <summary>The reference layout: one long line per story, "Also confirmed" for the last citation.</summary>
    public static string ReferenceLayout(BriefDocument brief)
    {
        var text = new StringBuilder();
        text.Append(brief.Title).Append("\n\n");
        if (brief.PostedAt is { } posted)
            text.Append("Posted on ").Append(posted.ToString("MMMM d, yyyy 'at' hh:mm tt", CultureInfo.InvariantCulture)).Append("\n\n");
        text.Append(brief.Title).Append("\n\nTop Stories\n\n");
        foreach (var story in brief.Stories)
        {
            text.Append(story.Title).Append("\n\nSource: ").Append(story.Source);
            if (story.DateText.Length > 0) text.Append(" — ").Append(story.DateText);
            text.Append(" Summary: ").Append(story.Summary);
            text.Append(" Why It Matters: ").Append(story.WhyItMatters);
            text.Append(" Citation URL: ").Append(story.Citations[0]);
            var last = story.Citations.Count - 1;
            for (var i = 1; i < last; i++) text.Append(' ').Append(story.Citations[i]);
            if (last > 0) text.Append(" (Also confirmed: ").Append(story.Citations[last]).Append(')');
            text.Append("\n\n\n");
        }

        text.Append("Key Takeaways\n\n");
        foreach (var takeaway in brief.Takeaways) text.Append("  • ").Append(takeaway).Append('\n');
        return text.ToString();
    }

    /// <summary>A blog page: site chrome around an article with headings, bold labels, lists and links.</summary>
    public static string Html(BriefDocument brief)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><title>Site</title><style>p { margin: 0 }</style></head>\n<body>\n");
        html.Append("<header class=\"site\"><a href=\"https://example.org/\">Example blog</a><nav><ul><li><a href=\"/about\">About</a></li></ul></nav></header>\n");
        html.Append("<article>\n<h1>").Append(E(brief.Title)).Append("</h1>\n");
        if (brief.PostedAt is { } posted)
            html.Append("<p><em>Posted on&nbsp;").Append(posted.ToString("MMMM d, yyyy 'at' HH:mm", CultureInfo.InvariantCulture)).Append("</em></p>\n");
        html.Append("<h2>Top Stories</h2>\n");
        foreach (var story in brief.Stories)
        {
            html.Append("<h3>").Append(E(story.Title)).Append("</h3>\n<p><strong>Source:</strong> ").Append(E(story.Source));
            if (story.DateText.Length > 0) html.Append(" &mdash; ").Append(E(story.DateText));
            html.Append("</p>\n<p><strong>Summary:</strong>\n  ").Append(E(story.Summary)).Append("</p>\n");
            html.Append("<p><b>Why it matters:</b> ").Append(E(story.WhyItMatters)).Append("</p>\n");
            html.Append("<p><strong>Citation URLs:</strong></p>\n<ul>\n");
            for (var i = 0; i < story.Citations.Count; i++)
            {
                var url = E(story.Citations[i]);
                html.Append(i == 0
                    ? $"  <li><a href=\"{url}\">{url}</a></li>\n"
                    : $"  <li>Also confirmed: <a href=\"{url}\" rel=\"nofollow\">the outlet&#8217;s report</a></li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append("<h2>Key Takeaways</h2>\n<ul>\n");
        foreach (var takeaway in brief.Takeaways) html.Append("  <li>").Append(E(takeaway)).Append("</li>\n");
        html.Append("</ul>\n</article>\n<footer><p>Posted in China, AI</p></footer>\n</body></html>\n");
        return html.ToString();
    }

    /// <summary>The API's JSON shape, with an "id" on each story that the reader must pass over.</summary>
    public static string Json(BriefDocument brief, bool withStoryDates = true)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("title", brief.Title);
            json.WriteString("date", brief.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (brief.PostedAt is { } posted) json.WriteString("postedAt", posted.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
            else json.WriteNull("postedAt");
            json.WriteStartArray("takeaways");
            foreach (var takeaway in brief.Takeaways) json.WriteStringValue(takeaway);
            json.WriteEndArray();
            json.WriteStartArray("stories");
            var id = 1;
            foreach (var story in brief.Stories)
            {
                json.WriteStartObject();
                json.WriteNumber("id", id++);
                json.WriteString("title", story.Title);
                json.WriteString("source", story.Source);
                if (withStoryDates) json.WriteString("date", story.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                json.WriteString("dateText", story.DateText);
                json.WriteString("summary", story.Summary);
                json.WriteString("whyItMatters", story.WhyItMatters);
                json.WriteStartArray("citations");
                foreach (var citation in story.Citations) json.WriteStringValue(citation);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
