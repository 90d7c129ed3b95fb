using System.Text.RegularExpressions;
using Briefly.Core.Search;
using Briefly.Data;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Core.Conversations;

/// <summary>
/// The people, companies and themes frequent in recent stories, with counts: what to suggest following, and the close
/// topics offered when a question finds nothing.
/// </summary>
public sealed partial class TopicSuggestions(BrieflyDbContext db, StoryIndex index)
{
    /// <summary>How far back "recent" reaches from the newest brief.</summary>
    private const int RecentDays = 30;

    private const int MaxSuggestions = 8;

    /// <summary>Catalogue themes too broad to follow on their own.</summary>
    private static readonly HashSet<string> BroadThemes = new(StringComparer.Ordinal) { "us", "rule", "chip", "power", "gpu", "phone", "label", "license" };

    /// <summary>Capitalised words that name no topic of their own on this beat.</summary>
    private static readonly HashSet<string> Generic = new(StringComparer.OrdinalIgnoreCase)
    {
        "US", "U.S.", "China", "Chinese", "AI", "The", "A", "An", "New", "First", "Beijing", "Washington", "Why", "How",
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "CEO", "GPU", "GPUs", "API", "IPO",
    };

    /// <summary>
    /// A name written in more than this share of all stories is the beat itself ("China" on a China beat, "Fed" on a
    /// rates beat), not a topic within it. Measured once a store holds enough stories for a share to mean something.
    /// </summary>
    private const double BackgroundShare = 0.25;

    private const int StoriesForShares = 30;

    /// <summary>
    /// Topics frequent in the recent stories' headlines. A suggestion must be a name as the stories write it (capitalised
    /// mid-sentence: "Huawei", "Entity List", "CXMT") or a theme of several words ("export control"): a lone common word
    /// ("model", "sales", "funding") is frequent on every beat and is nothing to follow.
    /// </summary>
    public async Task<IReadOnlyList<TopicSuggestion>> PopularAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var newest = await db.Briefs.Where(b => b.Date <= today).MaxAsync(b => (DateOnly?)b.Date, cancellationToken);
        if (newest is not { } end) return [];
        var start = end.AddDays(-RecentDays);
        var titles = await db.Stories.AsNoTracking()
            .Where(s => s.Brief.Date >= start && s.Brief.Date <= end)
            .Select(s => s.Title)
            .ToListAsync(cancellationToken);
        // How the whole store writes a word decides whether it is a name; a month of headlines is too few to tell.
        var store = new Wording(await db.Stories.AsNoTracking()
            .Where(s => s.Brief.Date <= end)
            .Select(s => s.Title + "\n" + s.Summary)
            .ToListAsync(cancellationToken));
        var headlines = new Wording(titles);

        // Names, counted by the recent headlines that name them.
        var candidates = titles.SelectMany(NamesIn).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(name => (Usage: store.Of(name), Phrase: false, Count: headlines.Of(name).Stories))
            .ToList();

        // Themes of the beat (the catalogue's groups), counted by the stories squarely about them in the same window.
        foreach (var group in index.Catalogue.Groups.Where(g => !BroadThemes.Contains(g.Terms[0])))
        {
            var term = group.Terms[0];
            var ids = index.Search(term, 200, end).Where(h => h.Squarely).Select(h => h.StoryId).ToList();
            if (ids.Count < 2) continue;
            var recent = await db.Stories.CountAsync(s => ids.Contains(s.Id) && s.Brief.Date >= start, cancellationToken);
            candidates.Add((store.Of(term), term.Contains(' '), recent));
        }

        return [.. candidates
            .Where(c => c.Count >= 2 && (c.Phrase || c.Usage.IsName) && !IsBackground(c.Usage, store))
            // Shown as the stories write it: "AI agent", "DeepSeek", not the catalogue's lower case.
            .Select(c => new TopicSuggestion(c.Usage.Usual, c.Count))
            .OrderByDescending(t => t.StoryCount).ThenBy(t => t.Topic, StringComparer.Ordinal)
            .DistinctBy(t => TopicKeys.Of(t.Topic))
            .Take(MaxSuggestions)];
    }

    private static bool IsBackground(Wording.Usage usage, Wording store) =>
        store.StoryCount >= StoriesForShares && usage.Stories > store.StoryCount * BackgroundShare;

    /// <summary>Topics with stories, the most alike to the asked one first (by shared letter triples), else the most popular.</summary>
    public async Task<IReadOnlyList<TopicSuggestion>> CloseToAsync(string topic, DateOnly today, CancellationToken cancellationToken)
    {
        var popular = await PopularAsync(today, cancellationToken);
        var asked = Trigrams(topic);
        return [.. popular
            .Select((t, rank) => (Topic: t, Likeness: Likeness(asked, Trigrams(t.Topic)), Rank: rank))
            .OrderByDescending(x => x.Likeness).ThenBy(x => x.Rank)
            .Take(3)
            .Select(x => x.Topic)];
    }

    /// <summary>
    /// The names a title is about, at most three, for "follow" buttons. Capitalised words next to each other are one
    /// name ("State Grid", "Moore Threads"), not two halves; punctuation or a possessive ends a name ("Huawei’s Ascend"
    /// is two); model numbers ("V4", "H20") are not names to follow on their own.
    /// </summary>
    public static IReadOnlyList<string> NamesIn(string title)
    {
        var names = new List<string>();
        foreach (var clause in title.Split(Separators.Where(c => c != ' ').ToArray(), StringSplitOptions.RemoveEmptyEntries))
        {
            var run = new List<string>();
            foreach (var raw in clause.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var word = Bare(raw);
                var isName = Name().IsMatch(word) && !Generic.Contains(word) && !word.Any(char.IsDigit);
                if (isName) run.Add(word);
                if (!isName || word.Length != raw.Length || run.Count == MaxNameWords) Close(run, names);
            }
            Close(run, names);
        }
        return [.. names.Distinct(StringComparer.Ordinal).Take(3)];

        static void Close(List<string> run, List<string> names)
        {
            if (run.Count > 0) names.Add(string.Join(' ', run));
            run.Clear();
        }
    }

    private const int MaxNameWords = 3;

    private static readonly char[] Separators = [' ', ',', ';', ':', '(', ')', '“', '”', '"'];

    /// <summary>"Huawei’s" and "Huawei." are "Huawei".</summary>
    private static string Bare(string word)
    {
        var bare = word.TrimEnd('.', '!', '?');
        return bare.EndsWith("’s", StringComparison.Ordinal) || bare.EndsWith("'s", StringComparison.Ordinal) ? bare[..^2] : bare;
    }

    private static HashSet<string> Trigrams(string text)
    {
        var letters = $"  {text.ToLowerInvariant()} ";
        return [.. Enumerable.Range(0, Math.Max(0, letters.Length - 2)).Select(i => letters.Substring(i, 3))];
    }

    private static double Likeness(HashSet<string> a, HashSet<string> b) =>
        a.Count == 0 || b.Count == 0 ? 0 : (double)a.Intersect(b).Count() / a.Union(b).Count();

    [GeneratedRegex(@"^[A-Z][A-Za-z0-9\-]*[A-Za-z0-9]$")]
    private static partial Regex Name();
}
