using System.Text;

namespace Briefly.Core.Briefs;

/// <summary>
/// Reads the structure of a brief from its items (see <see cref="BriefLineScanner"/>), whatever
/// the layout: one long line per story, one field per line, Markdown, or HTML turned into lines.
/// </summary>
/// <remarks>
/// The rules, in the order a brief is written:
/// <list type="number">
/// <item>The first line is the brief's title; its date is the brief's date, else the "Posted on" date.</item>
/// <item>Before the first story: the "Posted on" line, the title repeated, introductions, "Top Stories" are not stories.</item>
/// <item>A story starts at a title line: a line followed by its fields (a Source first, or any field after a
/// heading, numbered or bold title). A field the open story already has (a second "Source:") starts the next story.</item>
/// <item>Unlabelled text continues the field before it (more summary, more citation URLs).</item>
/// <item>A "Key Takeaways" heading starts the takeaways: its bullets, or its lines when it has no bullets.</item>
/// </list>
/// </remarks>
internal sealed class TextBriefParser
{
    private enum Section
    {
        Preamble,
        Stories,
        Takeaways,

        /// <summary>After a heading that closes the takeaways: a footer, read past.</summary>
        Trailer,
    }

    private readonly List<BriefItem> _items;
    private readonly List<BriefError> _errors = [];
    private readonly List<StoryDraft> _stories = [];
    private readonly List<StringBuilder> _bulletTakeaways = [];
    private readonly List<string> _plainTakeaways = [];
    private Section _section = Section.Preamble;
    private StoryDraft? _open;
    private string? _title;
    private int _titleLine = 1;
    private DateTime? _postedAt;
    private BriefItem? _headerDate;
    private bool _lastWasBullet;

    private TextBriefParser(List<BriefItem> items) => _items = items;

    public static BriefParseResult Parse(IReadOnlyList<SourceLine> lines) =>
        new TextBriefParser(BriefLineScanner.Scan(lines)).Parse();

    private bool StoryBegun => _open is not null || _stories.Count > 0;

    private BriefParseResult Parse()
    {
        if (_items.Count == 0)
            return BriefParseResult.Fail(new BriefError(1, null, "the brief is empty: expected a title line, then stories and key takeaways"));

        for (var i = ReadTitle(); i < _items.Count; i++)
        {
            var item = _items[i];
            switch (item.Kind)
            {
                case ItemKind.StoriesHeading:
                    CloseStory();
                    _section = Section.Stories;
                    break;
                case ItemKind.TakeawaysHeading:
                    CloseStory();
                    _section = Section.Takeaways;
                    break;
                case ItemKind.Field:
                    ReadField(item);
                    break;
                default:
                    ReadText(item, i + 1 < _items.Count ? _items[i + 1] : null);
                    break;
            }
        }

        CloseStory();
        return Build();
    }

    /// <summary>Takes the first line as the title; returns where the rest of the brief starts.</summary>
    private int ReadTitle()
    {
        var first = _items[0];
        var second = _items.Count > 1 ? _items[1] : (BriefItem?)null;
        var isTitle = first.Kind == ItemKind.Text && first.Marker != LineMarker.Bullet
                      && second is not { Kind: ItemKind.Field, Label: not FieldLabel.Date }
                      && DateText.ReadPostedOn(first.Text) is null;
        if (isTitle)
        {
            _title = CleanTitle(first.Text);
            _titleLine = first.Line;
            if (_title.Length > 0) return 1;
        }

        _errors.Add(new BriefError(first.Line, null,
            "no title: the brief must start with its title line, e.g. \"China AI Update Brief — 29 April 2026\""));
        _title = null;
        return 0;
    }

    private void ReadText(BriefItem item, BriefItem? next)
    {
        if (!StoryBegun)
        {
            if (ReadPostedOn(item)) return;
            if (CleanTitle(item.Text) == _title) return;
        }

        if (IsStoryTitle(item, next))
        {
            CloseStory();
            _open = new StoryDraft(_stories.Count + 1, CleanTitle(item.Text), item.Line);
            _section = Section.Stories;
            return;
        }

        switch (_section)
        {
            case Section.Takeaways:
                AddTakeaway(item);
                break;
            case Section.Trailer:
                break;
            default:
                // Text before the first story (a byline, an introduction) belongs to no story.
                _open?.AddText(item);
                break;
        }
    }

    private bool IsStoryTitle(BriefItem item, BriefItem? next)
    {
        if (item.Marker == LineMarker.Bullet || Links.IsOnlyUrls(item.Text)) return false;

        if (next is { Kind: ItemKind.Field } field)
        {
            if (item.Marker is LineMarker.Heading or LineMarker.Number or LineMarker.Bold || _open is null) return true;
            // Text after a story's fields and before a Source is the next story's title; text right
            // after a title is that story's body.
            if (field.Label == FieldLabel.Source) return _open.HasFields;
            return field.Label is FieldLabel.Summary or FieldLabel.WhyItMatters && _open.HasLabelled(field.Label);
        }

        // Among the stories, a heading with no fields under it is still a story (one with errors);
        // after the takeaways it closes them (see AddTakeaway).
        return item.Marker == LineMarker.Heading && _section == Section.Stories;
    }

    private void ReadField(BriefItem field)
    {
        if (!StoryBegun && field.Label == FieldLabel.Date)
        {
            _headerDate = field;
            return;
        }

        if (_open is null || (field.Label is FieldLabel.Source or FieldLabel.Summary or FieldLabel.WhyItMatters && _open.HasLabelled(field.Label)))
        {
            CloseStory();
            _open = new StoryDraft(_stories.Count + 1, null, field.Line);
            _section = Section.Stories;
        }

        _open.AddField(field);
    }

    private bool ReadPostedOn(BriefItem item)
    {
        if (DateText.ReadPostedOn(item.Text) is not { } posted) return false;
        if (posted.PostedAt is { } at) _postedAt ??= at;
        else
            _errors.Add(new BriefError(item.Line, null,
                $"the line \"{Shorten(item.Text)}\" has a date or time that cannot be read; write it like \"Posted on April 29, 2026 at 09:41 PM\""));
        return true;
    }

    private void AddTakeaway(BriefItem item)
    {
        if (item.Marker == LineMarker.Heading)
        {
            _section = Section.Trailer;
            return;
        }

        var text = CleanTitle(item.Text);
        if (item.Marker is LineMarker.Bullet or LineMarker.Number)
        {
            _bulletTakeaways.Add(new StringBuilder(text));
            _lastWasBullet = true;
        }
        else if (_lastWasBullet && !item.AfterBlank)
        {
            // A bullet wrapped onto the next line.
            _bulletTakeaways[^1].Append(' ').Append(text);
        }
        else
        {
            _plainTakeaways.Add(text);
            _lastWasBullet = false;
        }
    }

    private void CloseStory()
    {
        if (_open is null) return;
        _stories.Add(_open);
        _open = null;
    }

    private BriefParseResult Build()
    {
        var briefDate = ReadBriefDate();
        if (_stories.Count == 0)
            _errors.Add(new BriefError(_titleLine, null, "no stories found: expected a story title followed by a \"Source:\" line"));

        var stories = new List<StoryDocument>(_stories.Count);
        foreach (var draft in _stories)
        {
            if (draft.Build(briefDate ?? DateOnly.MinValue, _errors) is { } story) stories.Add(story);
        }

        if (_errors.Count > 0 || _title is null || briefDate is not { } date)
            return new BriefParseResult(null, [.. _errors.OrderBy(e => e.Line ?? 0)]);

        var takeaways = _bulletTakeaways.Count > 0
            ? _bulletTakeaways.ConvertAll(b => b.ToString())
            : _plainTakeaways;
        return BriefParseResult.Ok(new BriefDocument(_title, date, _postedAt, stories, takeaways));
    }

    private DateOnly? ReadBriefDate()
    {
        var postedDay = _postedAt is { } posted ? DateOnly.FromDateTime(posted) : (DateOnly?)null;
        if (_title is not null)
        {
            if (DateText.TryFindInTitle(_title, out var written) && DayOf(written, postedDay) is { } fromTitle) return fromTitle;

            var parts = DateText.SplitSource(_title);
            if (parts.DateIsBad)
            {
                _errors.Add(new BriefError(_titleLine, null,
                    $"the title's date \"{parts.DateText}\" is not a date that can be read; write it like \"29 April 2026\""));
                return null;
            }
        }

        if (_headerDate is { } header)
        {
            if (DateText.TryParse(header.Text, out var written) && DayOf(written, postedDay) is { } fromHeader) return fromHeader;
            _errors.Add(new BriefError(header.Line, null,
                $"the brief's date \"{Shorten(header.Text)}\" is not a date that can be read; write it like \"29 April 2026\""));
            return null;
        }

        if (postedDay is not null) return postedDay;

        _errors.Add(new BriefError(_titleLine, null,
            "no date found for the brief: expected a date in the title (e.g. \"China AI Update Brief — 29 April 2026\") or a \"Posted on April 29, 2026 at 09:41 PM\" line"));
        return null;
    }

    /// <summary>A brief's date must name a day; a title without a year takes the posted-on year.</summary>
    private static DateOnly? DayOf(WrittenDate written, DateOnly? postedDay)
    {
        if (written.Day is null) return null;
        if (written.Year is not null) return DateText.Resolve(written, DateOnly.MinValue);
        return postedDay is { } reference ? DateText.Resolve(written, reference) : null;
    }

    private static string CleanTitle(string text) => Links.UnwrapMarkdownLinks(text).Trim(' ', '*', '_');

    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "…");
}
