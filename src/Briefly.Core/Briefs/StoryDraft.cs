using System.Text;

namespace Briefly.Core.Briefs;

/// <summary>A story while its lines are being read: fields as written, checked only when the story is done.</summary>
internal sealed class StoryDraft(int number, string? title, int line)
{
    private readonly List<TextPart> _summary = [];
    private readonly List<TextPart> _whyItMatters = [];
    private readonly List<(string Text, int Line)> _citationTexts = [];
    private readonly HashSet<FieldLabel> _labelled = [];
    private FieldLabel _current = FieldLabel.None;
    private (string Text, int Line)? _source;
    private (string Text, int Line)? _date;

    public int Number { get; } = number;

    /// <summary>The title without its markup; null when none was written.</summary>
    public string? Title { get; } = title;

    /// <summary>The title's line, or the first field's when the story has no title.</summary>
    public int Line { get; } = line;

    public bool HasFields => _labelled.Count > 0;

    /// <summary>True when the field was written with its label; a second one means a new story began.</summary>
    public bool HasLabelled(FieldLabel label) => _labelled.Contains(label);

    public void AddField(BriefItem field)
    {
        _labelled.Add(field.Label);
        _current = field.Label;
        switch (field.Label)
        {
            case FieldLabel.Source:
                _source = (field.Text, field.Line);
                break;
            case FieldLabel.Date:
                _date = (field.Text, field.Line);
                break;
            case FieldLabel.Summary:
                StartParagraph(_summary, field.Text);
                break;
            case FieldLabel.WhyItMatters:
                StartParagraph(_whyItMatters, field.Text);
                break;
            case FieldLabel.Citations:
            case FieldLabel.AlsoConfirmed:
                _citationTexts.Add((field.Text, field.Line));
                break;
        }
    }

    /// <summary>
    /// Unlabelled text continues the field before it. Text right after the title, Source or Date
    /// is the summary even when its label was left out: that is how a reader would take it.
    /// </summary>
    public void AddText(BriefItem text)
    {
        switch (_current)
        {
            case FieldLabel.Citations:
            case FieldLabel.AlsoConfirmed:
                _citationTexts.Add((text.Text, text.Line));
                break;
            case FieldLabel.WhyItMatters:
                Continue(_whyItMatters, text);
                break;
            case FieldLabel.Summary:
                Continue(_summary, text);
                break;
            default:
                _current = FieldLabel.Summary;
                Continue(_summary, text);
                break;
        }
    }

    /// <summary>Checks the story and gives it, or adds to <paramref name="errors"/> why it cannot be.</summary>
    public StoryDocument? Build(DateOnly briefDate, List<BriefError> errors)
    {
        var errorCount = errors.Count;
        var name = Title is { Length: > 0 } ? $"story {Number} \"{Title}\"" : $"story {Number}";
        if (Title is not { Length: > 0 })
            errors.Add(new BriefError(Line, null, $"{name} has no title: expected a title line before its \"Source:\" line"));

        var source = "";
        var dateText = "";
        var date = briefDate;
        if (_source is not { } written)
        {
            errors.Add(new BriefError(Line, null, $"{name} has no source: expected a \"Source: <outlets> — <date>\" line after the title"));
        }
        else
        {
            var parts = DateText.SplitSource(Links.UnwrapMarkdownLinks(written.Text));
            source = parts.Outlets;
            dateText = parts.DateText;
            WrittenDate? writtenDate = parts.Date;
            if (source.Length == 0)
                errors.Add(new BriefError(written.Line, null, $"{name} has no source: its \"Source:\" field names no outlet"));

            // A separate "Date:" field counts when the Source line carries no date of its own.
            if (dateText.Length == 0 && _date is { } dateField && dateField.Text.Length > 0)
            {
                dateText = dateField.Text;
                writtenDate = DateText.TryParse(dateText, out var parsed) ? parsed : null;
                written = dateField;
            }

            if (dateText.Length > 0)
            {
                if (writtenDate is { } readable && DateText.Resolve(readable, briefDate) is { } day) date = day;
                else errors.Add(new BriefError(written.Line, null,
                    $"{name}: the date \"{dateText}\" is not a date that can be read; write it like \"29 Apr 2026\", \"28–29 Apr 2026\" or \"Apr 2026\""));
            }
        }

        var summary = JoinParagraphs(_summary);
        if (summary.Length == 0)
            errors.Add(new BriefError(Line, null, $"{name} has no summary: expected a \"Summary:\" field"));

        var citations = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var invalid = new List<string>();
        var anyInvalid = false;
        foreach (var (text, citationLine) in _citationTexts)
        {
            Links.CollectUrls(text, citations, seen, invalid);
            foreach (var bad in invalid)
                errors.Add(new BriefError(citationLine, null, $"{name}: citation \"{bad}\" is not an absolute http(s) URL"));
            anyInvalid |= invalid.Count > 0;
            invalid.Clear();
        }

        // When the only citations written were malformed, their errors already say what is wrong.
        if (citations.Count == 0 && !anyInvalid)
            errors.Add(new BriefError(Line, null, $"{name} has no citation: expected a \"Citation URL:\" field with at least one http(s) URL"));

        if (errors.Count > errorCount) return null;
        return new StoryDocument(Title!, source, date, dateText, summary,
            JoinParagraphs(_whyItMatters), citations);
    }

    private static void StartParagraph(List<TextPart> parts, string text) => parts.Add(new TextPart(text, StartsParagraph: true));

    private static void Continue(List<TextPart> parts, BriefItem text) =>
        parts.Add(new TextPart(text.Text, StartsParagraph: parts.Count == 0 || text.AfterBlank));

    /// <summary>Lines of one paragraph are joined with a space; paragraphs are kept apart by a blank line.</summary>
    private static string JoinParagraphs(List<TextPart> parts)
    {
        // Nearly every field is one line: no copy.
        if (parts.Count == 1) return Links.UnwrapMarkdownLinks(parts[0].Text);
        var result = new StringBuilder();
        foreach (var part in parts)
        {
            if (part.Text.Length == 0) continue;
            if (result.Length > 0) result.Append(part.StartsParagraph ? "\n\n" : " ");
            result.Append(part.Text);
        }

        return Links.UnwrapMarkdownLinks(result.ToString());
    }

    /// <summary>A line of a field's text; <paramref name="StartsParagraph"/> when a blank line came before it.</summary>
    private readonly record struct TextPart(string Text, bool StartsParagraph);
}
