using System.Text.RegularExpressions;

namespace Briefly.Core.Search;

/// <summary>Judgement: where a topic sits in a story (headline, lead, body) decides whether the story is squarely on it.</summary>
public sealed partial class StoryIndex
{
    /// <summary>
    /// With no story squarely on the topic, only prominent mentions (title or lead) make an answer; a word in passing
    /// never does, so a question about an absent topic gets nothing.
    /// </summary>
    private static void DropPassingMentions(List<RankedStory> ranked)
    {
        if (!ranked.Any(r => r.Squarely)) ranked.RemoveAll(r => r.Focus <= ProminentFocus);
    }

    /// <summary>Squarely relevant stories newest first, then partial ones by how much they are about the topic.</summary>
    private static List<RankedStory> Order(List<RankedStory> ranked) =>
        ranked
            .OrderByDescending(r => r.Squarely)
            .ThenByDescending(r => r.Squarely ? r.Indexed.BriefDate.DayNumber : 0)
            .ThenByDescending(r => r.Squarely ? 0 : r.Focus)
            .ThenByDescending(r => r.Indexed.BriefDate.DayNumber)
            .ThenBy(r => r.Indexed.Position)
            .ToList();

    /// <summary>
    /// Decides whether a candidate is relevant and how squarely. Every required concept must be
    /// present (with its context, for ambiguous names); the story is squarely about the topic when
    /// the concepts carrying most of the topic's weight sit in its title or its lead sentence.
    /// </summary>
    private static RankedStory? Judge(IndexedStory indexed, List<Concept> concepts, bool[] wanted, StoryProfile profile)
    {
        indexed.Profile(wanted, profile);
        return Judge(indexed, profile, concepts);
    }

    private static RankedStory? Judge(IndexedStory indexed, StoryProfile story, List<Concept> concepts)
    {
        double total = 0, subject = 0;
        foreach (var concept in concepts)
        {
            var matches = concept.Matches(story);
            if (!matches && concept.Required) return null;
            if (matches && !concept.InContext(story)) return null;
            // Common concepts of the topic ("memory chipmakers") only help: where a story names them does not say what it is about.
            if (!concept.Required) continue;
            total += concept.Weight;
            if (!matches) continue;
            subject += concept.Weight * concept.Salience(story, indexed.CircumstantialTail);
        }
        var focus = total > 0 ? subject / total : 0;
        return new RankedStory(indexed, (float)focus, focus >= SquarelyFocus, focus);
    }

    private const double SquarelyFocus = 0.75;
    private const double ProminentFocus = 0.5;

    private IndexedStory Analyse(SearchableStory story)
    {
        var (lead, body) = SplitLead(story.Summary);
        var (titleHead, titleTail) = SplitAdjunct(story.Title);
        var (leadHead, leadTail) = SplitAdjunct(lead);
        var fields = new int[IndexedStory.AllFields.Length][];
        fields[(int)StoryField.TitleHead] = _terms.Intern(_analyzer.Positions("title", titleHead));
        fields[(int)StoryField.TitleTail] = _terms.Intern(_analyzer.Positions("title", titleTail));
        fields[(int)StoryField.LeadHead] = _terms.Intern(_analyzer.Positions("lead", leadHead));
        fields[(int)StoryField.LeadTail] = _terms.Intern(_analyzer.Positions("lead", leadTail));
        fields[(int)StoryField.Body] = _terms.Intern(_analyzer.Positions("body", body));
        fields[(int)StoryField.Why] = _terms.Intern(_analyzer.Positions("why", story.WhyItMatters));
        return new IndexedStory(story, fields, CircumstancePattern().IsMatch(titleTail));
    }

    /// <summary>The summary's first sentence, where a news story states its subject, and the rest.</summary>
    internal static (string Lead, string Body) SplitLead(string summary)
    {
        var end = SentenceEndPattern().Match(summary);
        return end.Success ? (summary[..(end.Index + 1)], summary[(end.Index + 1)..].Trim()) : (summary, "");
    }

    /// <summary>
    /// Splits a headline or lead at its first trailing adjunct ("… for Doubao inference", "…, limited by
    /// HBM stockpile", "… as ByteDance lifts budget", "… with domestic HBM", "…, which will run Doubao"): what
    /// follows is a purpose, circumstance or participant, not the subject.
    /// </summary>
    internal static (string Head, string Tail) SplitAdjunct(string text)
    {
        var adjunct = AdjunctPattern().Match(text);
        return adjunct.Success && adjunct.Index > 0 ? (text[..adjunct.Index], text[adjunct.Index..]) : (text, "");
    }

    [GeneratedRegex(@"[.!?][""'\u201D\u2019)]?\s+(?=[A-Z\u201C""'0-9])")]
    private static partial Regex SentenceEndPattern();

    /// <remarks>
    /// "for" after a verb or noun that takes it ("files for Hong Kong listing", "demand for older scanners", "rules for AI
    /// agents") is that word's complement, not an adjunct, and stays in the head.
    /// </remarks>
    [GeneratedRegex(@",\s*(?:for|by|as|amid|after|despite|while|because|at|with|which|using|via)\s|(?<!\b(?:files?|filed|filing|appl(?:y|ies|ied)|bids?|call(?:s|ed)?|push(?:es|ed)?|ask(?:s|ed)?|lobb(?:y|ies|ied)|vies|compet(?:e|es|ed)|aim(?:s|ed)?|opts?|opted|qualif(?:y|ies|ied)|register(?:s|ed)?|prepar(?:e|es|ed)|head(?:s|ed)?|gear(?:s|ed)?|brac(?:e|es|ed)|demand|appetite|race|hunt|search|needs?|plans?|support|approvals?|licen[cs]es?|orders?|rules?|standards?|guidelines?))\sfor\s|\s(?:by|as|amid|after|despite|while|because|at|with|which|using|via)\s", RegexOptions.IgnoreCase)]
    private static partial Regex AdjunctPattern();

    [GeneratedRegex(@"(?:^|,|\s)\s*(?:as|amid|after|despite|while|because)\s", RegexOptions.IgnoreCase)]
    private static partial Regex CircumstancePattern();
}
