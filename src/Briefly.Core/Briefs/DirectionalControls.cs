namespace Briefly.Core.Briefs;

/// <summary>
/// The Unicode bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). One of them in a title or
/// a citation makes the text after it display in another order than it is stored (U+202E then "gpj.exe" shows as "exe.jpg"), in
/// the card and in every answer, so a brief's text is stored without them. Right-to-left text needs none of them: the
/// letters carry their own direction. The marks U+200E, U+200F and U+061C stay; they reorder nothing beyond themselves.
/// </summary>
public static class DirectionalControls
{
    public static bool IsControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    public static string Remove(string text) =>
        text.AsSpan().IndexOfAnyInRange('\u202A', '\u202E') < 0 && text.AsSpan().IndexOfAnyInRange('\u2066', '\u2069') < 0
            ? text
            : string.Concat(text.Where(c => !IsControl(c)));

    public static BriefDocument Remove(BriefDocument brief) => brief with
    {
        Title = Remove(brief.Title),
        Takeaways = [.. brief.Takeaways.Select(Remove)],
        Stories = [.. brief.Stories.Select(s => s with
        {
            Title = Remove(s.Title),
            Source = Remove(s.Source),
            DateText = Remove(s.DateText),
            Summary = Remove(s.Summary),
            WhyItMatters = Remove(s.WhyItMatters),
            Citations = [.. s.Citations.Select(Remove)],
        })],
    };
}
