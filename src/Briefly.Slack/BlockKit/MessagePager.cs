using System.Text.Json.Nodes;

namespace Briefly.Slack.BlockKit;

/// <summary>Blocks that belong together (a story, a topic with its button) and never go to different messages.</summary>
/// <param name="Fallback">What the unit says in a message's notification text (raw, escaped later).</param>
internal sealed record Unit(IReadOnlyList<Block> Blocks, string Fallback);

/// <summary>A reply laid out before it is cut into messages.</summary>
/// <param name="Title">Names the reply on the "part 2 of 3" line of later messages (raw text).</param>
/// <param name="Fallback">The reply's own fallback text, used when it fits one message (raw text).</param>
/// <param name="Head">Opens the first message only (header, date line).</param>
/// <param name="Body">In order; each unit whole in one message.</param>
/// <param name="Tail">Closes the last message (takeaways, buttons), kept together.</param>
internal sealed record Draft(string Title, string Fallback, IReadOnlyList<Block> Head, IReadOnlyList<Unit> Body, Unit? Tail = null);

/// <summary>
/// Cuts a draft into messages: each holds as many whole units as fit in <see cref="SlackLimits.MaxBlocks"/> blocks and
/// <see cref="SlackLimits.MessageTextBudget"/> characters of text; the first carries the head, later ones open with a
/// "part k of n" line, and the tail stays together at the end of the last.
/// </summary>
internal static class MessagePager
{
    /// <summary>Notification text is cut well under Slack's 4,000 (it is only the preview).</summary>
    public const int MaxFallback = 3000;

    public static IReadOnlyList<JsonObject> Paginate(Draft draft)
    {
        var marker = Measure([PartLine(draft.Title, 99, 99)]);
        var pages = new List<Page> { new(draft.Head, Measure(draft.Head)) };

        void Place(Unit unit)
        {
            var size = Measure(unit.Blocks);
            if (!pages[^1].Fits(size) && pages[^1].Units.Count > 0) pages.Add(new Page([], marker));
            if (pages[^1].Fits(size))
            {
                pages[^1].Add(unit, size);
                return;
            }
            // Larger than a whole message (only a tail of very many takeaways or buttons can be): block by block.
            foreach (var block in unit.Blocks)
            {
                var blockSize = Measure([block]);
                if (!pages[^1].Fits(blockSize) && pages[^1].Units.Count > 0) pages.Add(new Page([], marker));
                pages[^1].Add(new Unit([block], unit.Fallback), blockSize);
            }
        }

        foreach (var unit in draft.Body) Place(unit);
        if (draft.Tail is { Blocks.Count: > 0 } tail) Place(tail);

        var messages = new List<JsonObject>(pages.Count);
        for (var i = 0; i < pages.Count; i++)
        {
            var page = pages[i];
            var blocks = i == 0 ? page.Blocks : [PartLine(draft.Title, i + 1, pages.Count), .. page.Blocks];
            var fallback = pages.Count == 1
                ? draft.Fallback
                : $"{draft.Title} (part {i + 1} of {pages.Count}): " + string.Join("; ", page.Units.Select(u => u.Fallback).Where(f => f.Length > 0).Distinct());
            messages.Add(BlockJson.ToJson(new SlackMessage(Mrkdwn.Fit(fallback, MaxFallback), blocks)));
        }
        return messages;
    }

    private static ContextBlock PartLine(string title, int part, int of) =>
        new([new MrkdwnText($"{Mrkdwn.Fit(Mrkdwn.OneLine(title), 200)} · part {part} of {of}")]);

    private static Size Measure(IEnumerable<Block> blocks)
    {
        var list = blocks.ToList();
        return new Size(list.Count, list.Sum(b => SlackLimits.VisibleTextLength(BlockJson.ToJson(b))));
    }

    private sealed class Page(IReadOnlyList<Block> opening, Size size)
    {
        private readonly List<Block> _blocks = [.. opening];
        private Size _size = size;

        public List<Unit> Units { get; } = [];

        public IReadOnlyList<Block> Blocks => _blocks;

        public bool Fits(Size more) =>
            _size.Blocks + more.Blocks <= SlackLimits.MaxBlocks && _size.Text + more.Text <= SlackLimits.MessageTextBudget;

        public void Add(Unit unit, Size more)
        {
            Units.Add(unit);
            _blocks.AddRange(unit.Blocks);
            _size = new Size(_size.Blocks + more.Blocks, _size.Text + more.Text);
        }
    }

    private readonly record struct Size(int Blocks, int Text);
}
