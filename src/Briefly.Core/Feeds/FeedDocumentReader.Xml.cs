using System.Net;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Briefly.Core.Feeds;

public static partial class FeedDocumentReader
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XNamespace ContentModule = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace DublinCore = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";

    // No DTDs and no resolver: a feed is untrusted input, and DTDs are how XXE and entity-expansion bombs get in.
    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    private static FeedReadResult ReadXml(string text, TextOrigin origin, string? contentType)
    {
        if (HtmlPagePattern().IsMatch(text))
            return FeedReadResult.Fail($"{origin.Place(1, 1)}: an HTML page{Served(contentType)}, not a feed");

        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), XmlSettings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            var message = XmlLineSuffix().Replace(ex.Message, "");
            if (ex.LineNumber > 0) return FeedReadResult.Fail($"{origin.Place(ex.LineNumber, ex.LinePosition)}: {message}");
            // The refusal of a DTD comes without a place; the DOCTYPE is where it is.
            var doctype = text.IndexOf("<!DOCTYPE", StringComparison.OrdinalIgnoreCase);
            if (doctype < 0) return FeedReadResult.Fail($"malformed XML: {message}");
            var before = text.AsSpan(0, doctype);
            var line = before.Count('\n') + 1;
            return FeedReadResult.Fail($"{origin.Place(line, doctype - before.LastIndexOf('\n'))}: {message}");
        }

        var root = document.Root!;
        if (root.Name == "rss")
        {
            var channel = root.Element("channel");
            if (channel is null) return FeedReadResult.Fail($"{Place(root, origin)}: <rss> has no <channel>");
            return FeedReadResult.Ok(Collect(channel.Elements("item").Select(item => RssItem(item, rdf: false))));
        }
        if (root.Name == Atom + "feed")
            return FeedReadResult.Ok(Collect(root.Elements(Atom + "entry").Select(AtomEntry)));
        if (root.Name == Rdf + "RDF")
            return FeedReadResult.Ok(Collect(root.Elements().Where(e => e.Name.LocalName == "item").Select(item => RssItem(item, rdf: true))));

        var name = root.Name.Namespace == XNamespace.None ? root.Name.LocalName : $"{root.Name.LocalName} xmlns=\"{root.Name.NamespaceName}\"";
        return FeedReadResult.Fail(
            $"{Place(root, origin)}: the root element <{name}> is not <rss>, an Atom 1.0 <feed> or <rdf:RDF>{Served(contentType)}");
    }

    private static string Place(XElement element, TextOrigin origin)
    {
        IXmlLineInfo info = element;
        return info.HasLineInfo() ? origin.Place(info.LineNumber, info.LinePosition) : "the document";
    }

    private static FeedEntry RssItem(XElement item, bool rdf)
    {
        // RSS 2.0 elements have no namespace; RSS 1.0 and 0.90 put the item's children in the item's own namespace.
        var ns = item.Name.Namespace;
        var title = Clean(item.Element(ns + "title")?.Value);
        var link = Clean(item.Element(ns + "link")?.Value);
        var guidElement = rdf ? null : item.Element(ns + "guid");
        var id = rdf ? Clean(item.Attribute(Rdf + "about")?.Value) : Clean(guidElement?.Value);

        // A guid is a permalink unless it says otherwise (RSS 2.0 spec), so it can stand in for a missing link.
        if (link is null && id is not null && guidElement is not null && IsWebAddress(id)
            && !string.Equals(guidElement.Attribute("isPermaLink")?.Value.Trim(), "false", StringComparison.OrdinalIgnoreCase))
            link = id;

        var content = Clean(item.Element(ContentModule + "encoded")?.Value) ?? Clean(item.Element(ns + "description")?.Value) ?? "";
        var published = FeedDates.Parse(item.Element(ns + "pubDate")?.Value) ?? FeedDates.Parse(item.Element(DublinCore + "date")?.Value);
        return Item(id, title, link, published, content, GuessType(content));
    }

    private static FeedEntry AtomEntry(XElement entry)
    {
        var id = Clean(entry.Element(Atom + "id")?.Value);
        var title = AtomPlainText(entry.Element(Atom + "title"));
        var link = entry.Elements(Atom + "link")
            .Where(l => (l.Attribute("rel")?.Value.Trim() ?? "alternate") == "alternate")
            .Select(l => Clean(l.Attribute("href")?.Value))
            .FirstOrDefault(href => href is not null);
        var published = FeedDates.Parse(entry.Element(Atom + "published")?.Value) ?? FeedDates.Parse(entry.Element(Atom + "updated")?.Value);
        var (content, type) = AtomContent(entry.Element(Atom + "content")) ?? AtomContent(entry.Element(Atom + "summary")) ?? ("", FeedEntry.PlainText);
        return Item(id, title, link, published, content, type);
    }

    /// <summary>Text, HTML or XHTML content (RFC 4287 §4.1.3); null for out-of-line (src) or binary content, which carries no brief.</summary>
    private static (string Content, string Type)? AtomContent(XElement? element)
    {
        if (element is null || element.Attribute("src") is not null) return null;
        var type = element.Attribute("type")?.Value.Trim().ToLowerInvariant();
        (string? Content, string Type) found = type switch
        {
            null or "" or "text" => (Clean(element.Value), FeedEntry.PlainText),
            "html" or "text/html" => (Clean(element.Value), FeedEntry.Html),
            "xhtml" or "application/xhtml+xml" => (Clean(XhtmlMarkup(element)), FeedEntry.Html),
            _ when type.StartsWith("text/", StringComparison.Ordinal) => (Clean(element.Value), FeedEntry.PlainText),
            _ => (null, FeedEntry.PlainText),
        };
        return found.Content is null ? null : (found.Content, found.Type);
    }

    private static string? AtomPlainText(XElement? element)
    {
        if (element is null) return null;
        return element.Attribute("type")?.Value.Trim().ToLowerInvariant() switch
        {
            "html" => Clean(WebUtility.HtmlDecode(TagPattern().Replace(element.Value, ""))),
            _ => Clean(element.Value),
        };
    }

    /// <summary>The markup inside the wrapping xhtml:div (which RFC 4287 says is not part of the content), without xmlns noise.</summary>
    private static string XhtmlMarkup(XElement element)
    {
        var nodes = element.Element(Xhtml + "div")?.Nodes() ?? element.Nodes();
        return string.Concat(nodes.Select(node => WithoutXhtmlNamespace(node).ToString(SaveOptions.DisableFormatting)));
    }

    private static XNode WithoutXhtmlNamespace(XNode node) => node is XElement element
        ? new XElement(
            element.Name.Namespace == Xhtml ? XName.Get(element.Name.LocalName) : element.Name,
            element.Attributes().Where(a => !a.IsNamespaceDeclaration),
            element.Nodes().Select(WithoutXhtmlNamespace))
        : node;

    private static bool IsWebAddress(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    [GeneratedRegex(@"\A(<!doctype\s+html|<html[\s>])", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlPagePattern();

    [GeneratedRegex(@"\s*Line \d+, position \d+\.\z")]
    private static partial Regex XmlLineSuffix();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex TagPattern();
}
