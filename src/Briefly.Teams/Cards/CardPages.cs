namespace Briefly.Teams.Cards;

/// <summary>
/// One indivisible piece of a long message (a story, a takeaway): it moves to the next card whole, never cut.
/// </summary>
/// <param name="Render">The piece's elements at a level of detail: 0 is normal; each higher level shortens its text further.</param>
/// <param name="Lead">Shown before the piece when it opens a continuation card ("Key takeaways (continued)").</param>
/// <param name="FallbackLine">What the piece adds to a continuation card's plain-text fallback (a story's title).</param>
internal sealed record CardPiece(Func<int, IReadOnlyList<CardElement>> Render, IReadOnlyList<CardElement>? Lead = null, string? FallbackLine = null)
{
    public const int MaxLevel = 2;
}

/// <summary>
/// A message that may need several cards: the header opens the first, a shorter header opens each continuation, the
/// pieces follow in order, and the actions go on the last card.
/// </summary>
internal sealed record PagedMessage(
    IReadOnlyList<CardElement> Header,
    IReadOnlyList<CardElement> ContinuedHeader,
    IReadOnlyList<CardPiece> Pieces,
    IReadOnlyList<CardAction> Actions,
    string FallbackText,
    string ContinuedFallbackText)
{
    /// <summary>The header is a shaded band, which already ends visibly: no separator line right below it.</summary>
    public bool BannerHeader { get; init; }
}

internal static class CardPages
{
    /// <summary>
    /// The limit older Teams clients enforce on a card; over it Teams answers 413
    /// (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages).
    /// </summary>
    public const int MaxCardBytes = 28 * 1024;

    private const int MaxFallbackChars = 1000;

    /// <summary>
    /// Packs the pieces greedily into as few cards as fit <see cref="MaxCardBytes"/>, in order. Each card is measured as
    /// it would be sent, with the last card's actions counted on every card, so whichever card turns out last still
    /// fits when they are added. A piece too big for an empty card is rendered again at a higher level (shorter text).
    /// </summary>
    public static IReadOnlyList<AdaptiveCard> Split(PagedMessage message, int maxBytes = MaxCardBytes)
    {
        var pages = new List<List<IReadOnlyList<CardElement>>>();
        var fallbackLines = new List<List<string>>();
        var current = new List<IReadOnlyList<CardElement>>();
        var currentLines = new List<string>();

        foreach (var piece in message.Pieces)
        {
            var placed = false;
            for (var level = 0; level <= CardPiece.MaxLevel && !placed; level++)
            {
                var elements = piece.Render(level);
                if (current.Count > 0 && Fits(message, pages.Count, [.. current, elements], currentLines, piece, maxBytes))
                {
                    current.Add(elements);
                    placed = true;
                    break;
                }
                if (current.Count > 0)
                {
                    pages.Add(current);
                    fallbackLines.Add(currentLines);
                    current = [];
                    currentLines = [];
                }
                var opening = pages.Count > 0 && piece.Lead is { } lead ? (IReadOnlyList<CardElement>)[.. lead, .. elements] : elements;
                if (Fits(message, pages.Count, [opening], currentLines, piece, maxBytes))
                {
                    current.Add(opening);
                    placed = true;
                }
            }
            if (!placed)
                throw new InvalidOperationException($"A piece of '{message.FallbackText}' does not fit a {maxBytes}-byte card even shortened.");
            if (piece.FallbackLine is { } line) currentLines.Add(line);
        }
        pages.Add(current);
        fallbackLines.Add(currentLines);

        return [.. pages.Select((page, i) => Card(message, i, page, fallbackLines[i], withActions: i == pages.Count - 1))];
    }

    private static bool Fits(PagedMessage message, int pageIndex, List<IReadOnlyList<CardElement>> pieces, List<string> lines, CardPiece next, int maxBytes)
    {
        var withNext = next.FallbackLine is { } line ? [.. lines, line] : lines;
        return CardJson.Utf8Size(Card(message, pageIndex, pieces, withNext, withActions: true)) <= maxBytes;
    }

    private static AdaptiveCard Card(PagedMessage message, int pageIndex, IEnumerable<IReadOnlyList<CardElement>> pieces, List<string> lines, bool withActions) => new()
    {
        FallbackText = CardText.Shorten(
            pageIndex == 0 ? message.FallbackText : message.ContinuedFallbackText + (lines.Count == 0 ? "" : ": " + string.Join("; ", lines)),
            MaxFallbackChars),
        Body = [.. pageIndex == 0 ? message.Header : message.ContinuedHeader, .. Opening(pieces.SelectMany(p => p), pageIndex == 0 && message.BannerHeader)],
        Actions = withActions && message.Actions.Count > 0 ? message.Actions : null,
    };

    private static IEnumerable<CardElement> Opening(IEnumerable<CardElement> elements, bool belowBanner) =>
        belowBanner ? elements.Select((e, i) => i == 0 ? e with { Separator = null } : e) : elements;
}
