using System.Text.Json.Nodes;
using Briefly.Core.Conversations;
using Briefly.Data.Entities;

namespace Briefly.Teams.Cards;

/// <summary>
/// Renders the conversation core's replies as Adaptive Cards (schema 1.5) for Teams: a pure function of the reply,
/// without Bot Framework types. Long replies become several cards, each within <see cref="CardPages.MaxCardBytes"/>.
/// </summary>
public static class AdaptiveCardRenderer
{
    /// <summary>The Adaptive Card content of each message to send, in order (one element per message).</summary>
    public static IReadOnlyList<JsonObject> Render(Reply reply) => [.. Cards(reply).Select(CardJson.ToNode)];

    internal static IReadOnlyList<AdaptiveCard> Cards(Reply reply) => reply switch
    {
        BriefReply brief => CardPages.Split(Brief(brief)),
        AnswerReply answer => CardPages.Split(Answer(answer)),
        PeriodReply period => CardPages.Split(Period(period)),
        AlertReply alert => CardPages.Split(Alert(alert)),
        DigestReply digest => CardPages.Split(Digest(digest)),
        TopicsReply topics => CardPages.Split(Topics(topics)),
        NoAnswerReply none => [NoAnswer(none)],
        NoMoreReply end => [NoMore(end)],
        NoBriefReply none => [NoBrief(none)],
        SubscribedReply subscribed => [Subscribed(subscribed)],
        UnsubscribedReply unsubscribed => [Unsubscribed(unsubscribed)],
        SettingsReply settings => [Settings(settings)],
        HomeReply home => [Home(home)],
        HelpReply help => [Help(help)],
        WelcomeReply welcome => [Welcome(welcome)],
        WhoAmIReply whoAmI => [WhoAmI(whoAmI)],
        InvalidInputReply invalid => [Invalid(invalid)],
        NotAllowedReply notAllowed => [NotAllowed(notAllowed)],
        _ => [Notice(reply, [Plain(reply.FallbackText)], [])],
    };

    // ---- story lists ------------------------------------------------------------------------------------------

    private static PagedMessage Brief(BriefReply brief)
    {
        var subtitle = CardText.LongDay(brief.Date) + " · " + CardText.Count(brief.Stories.Count, "story", "stories") +
            (brief.PostedAt is { } posted ? " · posted " + CardText.Time(TimeOnly.FromDateTime(posted)) : "");
        var header = Banner("Daily brief", Run(Short(brief.Title, 200)) with { Size = TextSize.Large, Weight = TextWeight.Bolder }, subtitle);

        var follows = brief.StoryFollows;
        var pieces = new List<CardPiece>(brief.Stories.Select((s, i) => StoryPiece(s, $"why-{i + 1}", follows[i])));
        if (brief.Stories.Count == 0) pieces.Add(Note("This brief has no stories."));
        pieces.AddRange(Takeaways(brief.Takeaways));

        return new PagedMessage(header, Continued(brief.Title), pieces, Buttons(brief.Actions), brief.FallbackText, Short(brief.Title, 200) + " (continued)")
            { BannerHeader = true };
    }

    private static PagedMessage Answer(AnswerReply answer)
    {
        var heading = CardText.Count(answer.Total, "story", "stories") + " on " + Short(answer.Topic, 120);
        var subtitle = "You asked “" + Short(answer.Question, 200) + "”" + Range(answer.Offset, answer.Stories.Count, answer.Total);
        var header = Heading(heading, subtitle);

        var follows = answer.StoryFollows;
        var pieces = answer.Stories.Select((s, i) => StoryPiece(s, $"why-{i + 1}", follows[i])).ToList();
        if (pieces.Count == 0) pieces.Add(Note("No more stories on this topic."));
        return new PagedMessage(header, Continued(heading), pieces, Buttons(answer.Actions), answer.FallbackText, heading + " (continued)");
    }

    private static PagedMessage Period(PeriodReply period)
    {
        var heading = CardText.Count(period.Total, "story", "stories") + " " + Short(period.Period, 60) + (period.Topic is { } topic ? " on " + Short(topic, 120) : "");
        var header = Heading(heading, Formats.Days(period.From, period.To) + Range(period.Offset, period.Stories.Count, period.Total));

        var follows = period.StoryFollows;
        var pieces = period.Stories.Select((s, i) => StoryPiece(s, $"why-{i + 1}", follows[i])).ToList();
        if (pieces.Count == 0) pieces.Add(Note("No stories in this period."));
        return new PagedMessage(header, Continued(heading), pieces, Buttons(period.Actions), period.FallbackText, heading + " (continued)");
    }

    private static PagedMessage Alert(AlertReply alert)
    {
        var heading = "New on " + Short(alert.Topic, 120);
        var header = Banner("Alert", Run(heading) with { Size = TextSize.Large, Weight = TextWeight.Bolder },
            CardText.Count(alert.Stories.Count, "new story", "new stories") + " on a topic you follow");
        var follows = alert.StoryFollows;
        var pieces = alert.Stories.Select((s, i) => StoryPiece(s, $"why-{i + 1}", follows[i])).ToList();
        return new PagedMessage(header, Continued(heading), pieces, Buttons(alert.Actions), alert.FallbackText, heading + " (continued)") { BannerHeader = true };
    }

    private static PagedMessage Digest(DigestReply digest)
    {
        var count = digest.Sections.Sum(s => s.Stories.Count);
        var header = Banner("Your digest", Run(CardText.LongDay(digest.Date)) with { Size = TextSize.Large, Weight = TextWeight.Bolder },
            CardText.Count(count, "new story", "new stories") + " on " + CardText.Count(digest.Sections.Count, "topic", "topics") + " you follow");

        var pieces = new List<CardPiece>();
        var number = 0;
        var follows = digest.StoryFollows;
        foreach (var section in digest.Sections)
        {
            var title = new RichTextBlock([Run(Short(section.Topic, 120)) with { Size = TextSize.Medium, Weight = TextWeight.Bolder, Color = TextColor.Accent }])
            { Separator = true, Spacing = Spacing.Large };
            var lead = new RichTextBlock([Run(Short(section.Topic, 120)) with { Weight = TextWeight.Bolder, Color = TextColor.Accent }, Run(" (continued)") with { IsSubtle = true }])
            { Spacing = Spacing.Large };
            for (var i = 0; i < section.Stories.Count; i++)
            {
                var story = StoryPiece(section.Stories[i], $"why-{number + 1}", follows[number++], separator: i > 0);
                pieces.Add(i == 0 ? story with { Render = level => [title, .. story.Render(level)] } : story with { Lead = [lead] });
            }
        }
        if (pieces.Count == 0) pieces.Add(Note("Nothing new on your topics today."));
        var heading = "Your digest for " + CardText.Day(digest.Date);
        return new PagedMessage(header, Continued(heading), pieces, Buttons(digest.Actions), digest.FallbackText, heading + " (continued)") { BannerHeader = true };
    }

    private static PagedMessage Topics(TopicsReply topics)
    {
        var pieces = new List<CardPiece>();
        var followingTitle = new TextBlock("You follow") { Weight = TextWeight.Bolder, Spacing = Spacing.Large };
        if (topics.Following.Count == 0)
            pieces.Add(new CardPiece(_ => [followingTitle, Plain("No topics yet. Follow one and Briefly tells you when a new story mentions it.")]));
        for (var i = 0; i < topics.Following.Count; i++)
        {
            var topic = topics.Following[i];
            var row = TopicRow(Run(Short(topic, 120)) with { Weight = TextWeight.Bolder }, null, Button(topics.FollowingActions[i]));
            var first = i == 0;
            pieces.Add(new CardPiece(_ => first ? [followingTitle, row] : [row], [followingTitle], topic));
        }

        var popularTitle = new TextBlock("Popular in recent briefs") { Weight = TextWeight.Bolder, Spacing = Spacing.ExtraLarge, Separator = true };
        for (var i = 0; i < topics.Suggested.Count; i++)
        {
            var suggestion = topics.Suggested[i];
            var row = TopicRow(Run(Short(suggestion.Topic, 120)) with { Weight = TextWeight.Bolder },
                CardText.Count(suggestion.StoryCount, "story", "stories"), Button(topics.SuggestedActions[i]));
            var first = i == 0;
            pieces.Add(new CardPiece(_ => first ? [popularTitle, row] : [row], [popularTitle], suggestion.Topic));
        }

        return new PagedMessage(Heading("Your topics", "Briefly alerts you when a new story mentions one of them."), Continued("Your topics"),
            pieces, Buttons(topics.Actions), topics.FallbackText, "Your topics (continued)");
    }

    private static ColumnSet TopicRow(TextRun name, string? detail, CardAction action) => new(
    [
        new Column([new RichTextBlock(detail is null ? [name] : [name, Run("  " + detail) with { IsSubtle = true, Size = TextSize.Small }])], "stretch")
        { VerticalContentAlignment = VerticalAlignment.Center },
        new Column([new ActionSet([action])], "auto") { VerticalContentAlignment = VerticalAlignment.Center },
    ])
    { Spacing = Spacing.Small };

    // ---- a story ----------------------------------------------------------------------------------------------

    /// <summary>How much of a story's text each level keeps: level 0 normally, 1 and 2 when a story alone is too big.</summary>
    private static readonly (int Title, int Source, int Summary, int Why, int Links)[] Levels =
    [
        (300, 150, 1500, 800, 8),
        (160, 80, 500, 300, 3),
        (100, 60, 200, 120, 1),
    ];

    /// <param name="follow">The story's follow button, as the core offers it (see <see cref="Offers.StoryFollows"/>).</param>
    private static CardPiece StoryPiece(StoryView story, string whyId, ReplyAction? follow, bool separator = true) =>
        new(level => Story(story, whyId, follow, separator, Levels[level]), FallbackLine: Short(story.Title, 160));

    private static IReadOnlyList<CardElement> Story(
        StoryView story, string whyId, ReplyAction? follow, bool separator, (int Title, int Source, int Summary, int Why, int Links) caps)
    {
        var links = story.Citations.Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        Uri? readMore = links.Select(c => CardText.TryWebLink(c, out var uri) ? uri : null).FirstOrDefault(u => u is not null);

        var items = new List<CardElement>();
        if (!string.IsNullOrWhiteSpace(story.Title))
            items.Add(new RichTextBlock([Run(CardText.Shorten(story.Title, caps.Title)) with { Size = TextSize.Medium, Weight = TextWeight.Bolder }]));
        var date = string.IsNullOrWhiteSpace(story.DateText) ? CardText.Day(story.Date) : CardText.Shorten(story.DateText, 40);
        var source = string.IsNullOrWhiteSpace(story.Source) ? date : CardText.Shorten(story.Source, caps.Source) + "  ·  " + date;
        items.Add(new RichTextBlock([Run(source) with { IsSubtle = true, Size = TextSize.Small }]) { Spacing = Spacing.None });
        if (!string.IsNullOrWhiteSpace(story.Summary))
            items.Add(new RichTextBlock(Shortened(story.Summary, caps.Summary, readMore)) { Spacing = Spacing.Small });

        var hasWhy = !string.IsNullOrWhiteSpace(story.WhyItMatters);
        if (hasWhy)
        {
            items.Add(new Container(
            [
                new TextBlock("Why it matters") { Size = TextSize.Small, Weight = TextWeight.Bolder, Color = TextColor.Accent },
                new RichTextBlock(Shortened(story.WhyItMatters, caps.Why, readMore)) { Spacing = Spacing.Small },
            ])
            { Id = whyId, IsVisible = false, Style = ContainerStyle.Emphasis, Spacing = Spacing.Small });
        }

        if (links.Count > 0) items.Add(new RichTextBlock(Sources(links, caps.Links)) { Spacing = Spacing.Small });

        var actions = new List<CardAction>();
        if (hasWhy) actions.Add(new ToggleVisibilityAction([whyId]) { Title = "Why it matters" });
        if (follow is not null) actions.Add(Button(follow));
        if (actions.Count > 0) items.Add(new ActionSet(actions) { Spacing = Spacing.Small });

        return [new Container(items) { Separator = separator ? true : null, Spacing = separator ? Spacing.Large : Spacing.Medium }];
    }

    /// <summary>The text within its cap; when cut, an ellipsis and a "Read more" link to the story's first source.</summary>
    private static List<TextRun> Shortened(string text, int max, Uri? readMore)
    {
        var shown = CardText.Shorten(text, max, out var shortened);
        if (!shortened) return [Run(shown)];
        return readMore is null
            ? [Run(shown), Run(" (shortened)") with { IsSubtle = true }]
            : [Run(shown + " "), Run("Read more") with { Color = TextColor.Accent, SelectAction = new OpenUrlAction(readMore.AbsoluteUri) }];
    }

    /// <summary>"Sources  reuters.com · asiaone.com": links named by site; a citation that is not a web address is shown as text.</summary>
    private static List<TextRun> Sources(List<string> citations, int max)
    {
        var runs = new List<TextRun> { Run(citations.Count == 1 ? "Source  " : "Sources  ") with { IsSubtle = true, Size = TextSize.Small } };
        foreach (var citation in citations.Take(max))
        {
            if (runs.Count > 1) runs.Add(Run("  ·  ") with { IsSubtle = true, Size = TextSize.Small });
            runs.Add(CardText.TryWebLink(citation, out var uri)
                ? Run(CardText.HostLabel(uri)) with { Size = TextSize.Small, Color = TextColor.Accent, SelectAction = new OpenUrlAction(uri.AbsoluteUri) { Tooltip = CardText.Shorten(uri.AbsoluteUri, 200) } }
                : Run(CardText.Shorten(citation, 80)) with { Size = TextSize.Small });
        }
        if (citations.Count > max)
            runs.Add(Run($"  and {citations.Count - max} more") with { IsSubtle = true, Size = TextSize.Small });
        return runs;
    }

    private static IEnumerable<CardPiece> Takeaways(IReadOnlyList<string> takeaways)
    {
        var title = new TextBlock("Key takeaways") { Size = TextSize.Medium, Weight = TextWeight.Bolder, Separator = true, Spacing = Spacing.ExtraLarge };
        var lead = new TextBlock("Key takeaways (continued)") { Weight = TextWeight.Bolder, Spacing = Spacing.Large };
        int[] caps = [600, 250, 120];
        for (var i = 0; i < takeaways.Count; i++)
        {
            var text = takeaways[i];
            var first = i == 0;
            yield return new CardPiece(level => first ? [title, Bullet(text, caps[level])] : [Bullet(text, caps[level])], [lead]);
        }
    }

    private static ColumnSet Bullet(string text, int max) => new(
    [
        new Column([new TextBlock("•") { Weight = TextWeight.Bolder, Color = TextColor.Accent }], "auto"),
        new Column([new RichTextBlock([Run(CardText.Shorten(text, max))])], "stretch") { Spacing = Spacing.Small },
    ])
    { Spacing = Spacing.Small };

    // ---- short replies ----------------------------------------------------------------------------------------

    private static AdaptiveCard NoAnswer(NoAnswerReply none)
    {
        var body = new List<CardElement>
        {
            Title("Nothing on " + Short(none.Topic, 120) + " yet"),
            Plain("No stored story matches “" + Short(none.Question, 200) + "”."),
        };
        if (none.CloseTopics.Count > 0)
        {
            body.Add(new TextBlock("These topics have recent stories:") { Spacing = Spacing.Medium });
            body.AddRange(none.CloseTopicActions.Chunk(3).Select(chunk => new ActionSet([.. chunk.Select(Button)]) { Spacing = Spacing.Small }));
        }
        if (!none.Following)
            body.Add(Plain("Follow it and Briefly alerts you when a story appears.", subtle: true) with { Spacing = Spacing.Medium });
        return Notice(none, body, Buttons(none.Actions));
    }

    private static AdaptiveCard NoMore(NoMoreReply end) => Notice(end,
    [
        Title("No more stories " + Short(end.Subject, 160)),
        Plain(end.Total == 1 ? "The only one was shown already." : "All " + CardText.Count(end.Total, "story", "stories") + " were shown already."),
        Plain("You asked “" + Short(end.Question, 200) + "”.", subtle: true),
    ], Buttons(end.Actions));

    private static AdaptiveCard NoBrief(NoBriefReply none)
    {
        var body = new List<CardElement> { Title("No brief for " + CardText.LongDay(none.Date)) };
        if (none.NearestDates.Count > 0)
        {
            body.Add(new TextBlock("The nearest briefs:"));
            body.Add(new ActionSet(Buttons(none.Actions)));
        }
        else body.Add(Plain("There are no briefs yet."));
        return Notice(none, body, []);
    }

    private static AdaptiveCard Subscribed(SubscribedReply subscribed)
    {
        var topic = Short(subscribed.Topic, 120);
        var body = new List<CardElement>
        {
            subscribed.AlreadyFollowing ? Title("You already follow " + topic) : Title("✓ Following " + topic, TextColor.Good),
            Plain(subscribed.NoDirectChat ? SubscribedReply.StartDirectChat : subscribed.Mode switch
            {
                AlertMode.Instant => "You'll get an alert as soon as a new story mentions it.",
                AlertMode.Daily => "New stories on it will be in your daily digest.",
                _ => "Your alerts are off: say “alerts instant” or “alerts daily” to hear about it.",
            }),
        };
        if (subscribed.RecentStories > 0)
            body.Add(Plain(CardText.Count(subscribed.RecentStories, "recent story mentions", "recent stories mention") + " it.", subtle: true));
        return Notice(subscribed, body, Buttons(subscribed.Actions));
    }

    private static AdaptiveCard Unsubscribed(UnsubscribedReply unsubscribed)
    {
        var topic = Short(unsubscribed.Topic, 120);
        var body = new List<CardElement>
        {
            Title(unsubscribed.WasFollowing ? "Stopped following " + topic : "You were not following " + topic),
            Plain(unsubscribed.StillFollowing.Count == 0
                ? "You follow no topics now."
                : "You still follow " + Short(string.Join(", ", unsubscribed.StillFollowing), 1000) + ".", subtle: true),
        };
        return Notice(unsubscribed, body, Buttons(unsubscribed.Actions));
    }

    /// <summary>"home": the person's topics with unfollow buttons, alerts, the channels with the brief and the latest brief.</summary>
    private static AdaptiveCard Home(HomeReply home)
    {
        const int MaxTopics = 20;
        var body = new List<CardElement> { new TextBlock("Your Briefly") { Size = TextSize.Large, Weight = TextWeight.Bolder } };
        body.Add(new TextBlock("Topics you follow") { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
        if (home.Following.Count == 0) body.Add(Plain("None yet. Press Follow under a story, or type follow <topic>.", subtle: true));
        body.AddRange(home.Following.Zip(home.UnfollowActions).Take(MaxTopics)
            .Select(pair => (CardElement)TopicRow(Run(Short(pair.First, 120)) with { Weight = TextWeight.Bolder }, null, Button(pair.Second))));
        if (home.Following.Count > MaxTopics) body.Add(Plain($"and {home.Following.Count - MaxTopics} more: type my topics.", subtle: true));

        var settings = home.Settings;
        var quiet = settings.QuietHoursStart is { } start && settings.QuietHoursEnd is { } end ? CardText.Time(start) + "–" + CardText.Time(end) : "Off";
        body.Add(new TextBlock("Alerts") { Weight = TextWeight.Bolder, Spacing = Spacing.Large, Separator = true });
        body.Add(new FactSet([
            new("Alerts", settings.AlertMode switch { AlertMode.Instant => "Instant", AlertMode.Daily => "Daily digest at " + CardText.Time(settings.DigestTime), _ => "Off" }),
            new("Time zone", settings.TimeZone is { } zone ? Short(zone, 80) : "Not set (UTC)"),
            new("Quiet hours", quiet),
        ]));

        body.Add(new TextBlock("Places with the daily brief") { Weight = TextWeight.Bolder, Spacing = Spacing.Large, Separator = true });
        if (home.Channels.Count == 0) body.Add(Plain("None yet: add Briefly to a team or group chat.", subtle: true));
        body.AddRange(home.Channels.Select(c => (CardElement)new RichTextBlock(
            [Run(Short(c.Name ?? "A channel", 80)) with { Weight = TextWeight.Bolder }, Run("  " + c.Schedule.Describe()) with { IsSubtle = true, Size = TextSize.Small }])
            { Spacing = Spacing.Small }));

        if (home.Latest is { } latest)
        {
            body.Add(new TextBlock(Short(latest.Title, 200)) { Weight = TextWeight.Bolder, Spacing = Spacing.Large, Separator = true, Wrap = true });
            body.Add(Plain(CardText.Day(latest.Date), subtle: true));
            body.AddRange(latest.Headlines.Select(h => (CardElement)new RichTextBlock([Run("• " + Short(h, 200))]) { Spacing = Spacing.None }));
            if (home.OpenLatest is { } open) body.Add(new ActionSet([Button(open)]));
        }
        return Notice(home, body, Buttons(home.Actions));
    }

    private static AdaptiveCard Settings(SettingsReply settings)
    {
        var body = new List<CardElement>();
        if (settings.Changed is { } changed)
            body.Add(new RichTextBlock([Run("✓ " + Short(changed, 300)) with { Weight = TextWeight.Bolder, Color = TextColor.Good }]));
        body.Add(new TextBlock("Your settings") { Size = TextSize.Large, Weight = TextWeight.Bolder });

        var quiet = settings.QuietHoursStart is { } start && settings.QuietHoursEnd is { } end ? CardText.Time(start) + "–" + CardText.Time(end) : "Off";
        var facts = new List<Fact>
        {
            new("Alerts", settings.AlertMode switch { AlertMode.Instant => "Instant", AlertMode.Daily => "Daily digest", _ => "Off" }),
            new("Digest time", CardText.Time(settings.DigestTime)),
            new("Time zone", settings.TimeZone is { } zone ? Short(zone, 80) : "Not set (UTC)"),
            new("Quiet hours", quiet),
        };
        if (settings.Schedule is { } schedule) facts.Add(new("Channel brief", schedule.Describe()));
        body.Add(new FactSet(facts) { Spacing = Spacing.Medium });

        body.Add(new TextBlock("To change one, type for example:") { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.Large });
        string[] examples = settings.Schedule is null
            ? ["alerts daily 08:00", "alerts off", "timezone Asia/Shanghai", "quiet hours 22:00-07:00"]
            : ["alerts instant", "alerts off", "timezone Asia/Shanghai", "quiet hours 22:00-07:00", "schedule 08:30 Asia/Shanghai weekdays"];
        body.AddRange(examples.Select(e => new RichTextBlock([Run(e) with { FontType = FontType.Monospace, Size = TextSize.Small }]) { Spacing = Spacing.None }));
        return Notice(settings, body, Buttons(settings.Actions));
    }

    private static AdaptiveCard Help(HelpReply help)
    {
        var body = new List<CardElement>();
        if (help.NotUnderstood is { } text)
            body.Add(new RichTextBlock([Run("Sorry, I didn't understand “" + Short(text, 200) + "”.") with { Color = TextColor.Attention, Weight = TextWeight.Bolder }]));
        body.Add(new TextBlock("Briefly") { Size = TextSize.Large, Weight = TextWeight.Bolder, Spacing = help.NotUnderstood is null ? null : Spacing.Medium });
        body.Add(new TextBlock(AboutBriefly) { Spacing = Spacing.Small });
        // With the full list below, a few examples to press are enough.
        body.AddRange(ExampleButtons(help.ExampleActions));
        body.AddRange(help.Commands.Select(CommandSection));
        return Notice(help, body, Buttons(help.Actions));
    }

    private const string AboutBriefly =
        "I post the daily news brief, answer questions from its stories, and alert you when a new story mentions a topic you follow.";

    private static IEnumerable<CardElement> ExampleButtons(IReadOnlyList<ReplyAction> examples)
    {
        if (examples.Count == 0) yield break;
        yield return new TextBlock("Try one:") { Weight = TextWeight.Bolder, Spacing = Spacing.Large };
        foreach (var pair in examples.Chunk(2))
            yield return new ActionSet([.. pair.Select(Button)]) { Spacing = Spacing.Small };
    }

    /// <summary>A heading, then each command in monospace with what it does beside it, wrapping on narrow screens.</summary>
    private static Container CommandSection(HelpSection section) => new(
    [
        new TextBlock(Short(section.Heading, 100)) { Weight = TextWeight.Bolder },
        .. section.Lines.Select(line => new RichTextBlock(
        [
            Run(Short(line.Say, 200)) with { FontType = FontType.Monospace },
            Run(" — " + Short(line.Does, 300)) with { IsSubtle = true },
        ]) { Spacing = Spacing.Small }),
    ]) { Spacing = Spacing.Large };

    private static AdaptiveCard Welcome(WelcomeReply welcome)
    {
        var body = new List<CardElement>
        {
            new TextBlock("Hi, I'm Briefly") { Size = TextSize.Large, Weight = TextWeight.Bolder },
            new TextBlock(AboutBriefly) { Spacing = Spacing.Small },
        };
        var actions = new List<CardAction>();
        if (welcome.Schedule is { } schedule)
        {
            body.Add(new Container([new RichTextBlock([Run("📅 " + Short(schedule.Announce(), 300)) with { Weight = TextWeight.Bolder }])])
            { Style = ContainerStyle.Emphasis, Spacing = Spacing.Medium });
            var times = new ActionSet(Buttons(welcome.TimeChoices));
            IReadOnlyList<CardElement> typed = welcome.ScheduleExample is { } example
                ?
                [
                    new TextBlock("Or type a time, time zone and days, for example:") { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.Medium },
                    new RichTextBlock([Run(Short(example, 200)) with { FontType = FontType.Monospace, Size = TextSize.Small }]) { Spacing = Spacing.None },
                ]
                : [];
            if (schedule.Time is null)
            {
                // Nothing to change yet: the start times are the first thing to offer, in plain sight.
                if (welcome.TimeChoices.Count > 0) body.AddRange([new TextBlock("Start it at:") { Weight = TextWeight.Bolder, Spacing = Spacing.Medium }, times]);
                body.AddRange(typed);
            }
            else if (welcome.TimeChoices.Count > 0 || typed.Count > 0)
            {
                actions.Add(new ShowCardAction(AdaptiveCard.Nested(
                    [new TextBlock("Post it at:") { Size = TextSize.Small, IsSubtle = true }, .. welcome.TimeChoices.Count > 0 ? [times] : Array.Empty<CardElement>(), .. typed]))
                { Title = "Change the time" });
            }
            if (welcome.ScheduleAction is { } change) actions.Add(Button(change));
        }
        body.AddRange(ExampleButtons(welcome.ExampleActions));
        actions.AddRange(Buttons(welcome.Actions));
        return Notice(welcome, body, actions);
    }

    private static AdaptiveCard WhoAmI(WhoAmIReply who)
    {
        var facts = new List<Fact>
        {
            new(who.Platform == Data.Entities.ChatPlatform.Slack ? "Slack user id" : "Your id (Entra object id)", Short(who.UserId, 200)),
            new("This conversation", Short(who.ConversationId, 300)),
            new("Briefly admin", !who.AdminsConfigured ? "No admins are set: anyone may change schedules" : who.IsAdmin ? "Yes" : "No"),
        };
        var body = new List<CardElement>
        {
            Title(who.DisplayName is { Length: > 0 } name ? "You are " + Short(name, 100) : "Who you are"),
            new FactSet(facts) { Spacing = Spacing.Medium },
            new TextBlock("Admins are the ids listed in the Briefly:Admins setting; they may change, pause and resume the brief schedule.")
            { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.Medium },
        };
        return Notice(who, body, Buttons(who.Actions));
    }

    private static AdaptiveCard Invalid(InvalidInputReply invalid) => Notice(invalid,
    [
        Title("That " + Short(invalid.Parameter, 80) + " didn't work", TextColor.Attention),
        Plain(Capitalized(Short(invalid.Problem, 300)) + "."),
        new TextBlock("For example:") { Size = TextSize.Small, IsSubtle = true, Spacing = Spacing.Medium },
        new RichTextBlock([Run(Short(invalid.Example, 200)) with { FontType = FontType.Monospace }]) { Spacing = Spacing.None },
    ], Buttons(invalid.Actions));

    private static AdaptiveCard NotAllowed(NotAllowedReply notAllowed) => Notice(notAllowed,
    [
        Title("Not allowed", TextColor.Warning),
        Plain("Only Briefly admins can " + Short(notAllowed.Action, 200) + "."),
        Plain("Ask an admin of this bot to do it for you.", subtle: true),
    ], []);

    // ---- building blocks --------------------------------------------------------------------------------------

    private static AdaptiveCard Notice(Reply reply, IReadOnlyList<CardElement> body, IReadOnlyList<CardAction> actions)
    {
        var card = new AdaptiveCard
        {
            FallbackText = CardText.Shorten(reply.FallbackText, 1000),
            Body = body,
            Actions = actions.Count == 0 ? null : actions,
        };
        if (CardJson.Utf8Size(card) > CardPages.MaxCardBytes)
            throw new InvalidOperationException($"The {reply.GetType().Name} card is over {CardPages.MaxCardBytes} bytes.");
        return card;
    }

    /// <summary>The top of a card that opens a message: a small label, the title, a subtle line.</summary>
    private static IReadOnlyList<CardElement> Banner(string label, TextRun title, string subtitle) =>
    [
        new Container(
        [
            new TextBlock(label.ToUpperInvariant()) { Size = TextSize.Small, Weight = TextWeight.Bolder, Color = TextColor.Accent },
            new RichTextBlock([title]) { Spacing = Spacing.None },
            new RichTextBlock([Run(subtitle) with { IsSubtle = true }]) { Spacing = Spacing.Small },
        ])
        { Style = ContainerStyle.Emphasis, Bleed = true },
    ];

    private static IReadOnlyList<CardElement> Heading(string title, string subtitle) =>
    [
        Title(title),
        new RichTextBlock([Run(subtitle) with { IsSubtle = true, Size = TextSize.Small }]) { Spacing = Spacing.None },
    ];

    private static IReadOnlyList<CardElement> Continued(string title) =>
    [
        new RichTextBlock([Run(Short(title, 200)) with { Weight = TextWeight.Bolder }, Run(" (continued)") with { IsSubtle = true }]),
    ];

    private static RichTextBlock Title(string text, TextColor? color = null) =>
        new([Run(text) with { Size = TextSize.Large, Weight = TextWeight.Bolder, Color = color }]);

    private static RichTextBlock Plain(string text, bool subtle = false) =>
        new([Run(text) with { IsSubtle = subtle ? true : null }]);

    private static CardPiece Note(string text) => new(_ => [Plain(text, subtle: true) with { Spacing = Spacing.Large }]);

    private static TextRun Run(string text) => new(text);

    private static IReadOnlyList<CardAction> Buttons(IEnumerable<ReplyAction> actions) => [.. actions.Select(Button)];

    /// <summary>
    /// The core's button, sending its words back as if typed: Action.Execute, with Action.Submit for clients before 1.4.
    /// A Follow button on a paged answer also carries the words that draw its card again, so the press can be answered with
    /// the card as followed (<see cref="TeamsCardUpdates"/>); a topic already followed is shown greyed out.
    /// </summary>
    internal static ExecuteAction Button(ReplyAction action)
    {
        var data = new Dictionary<string, string> { [ReplyActions.DataKey] = action.Command };
        if (action.Redraw is { } redraw) data[RedrawKey] = redraw;
        var style = action.Emphasis switch { ActionEmphasis.Primary => ActionStyle.Positive, ActionEmphasis.Danger => ActionStyle.Destructive, _ => (ActionStyle?)null };
        bool? enabled = action.Kind == ActionKind.Following ? false : null;
        // Labels come short from the core; this only guards against a label made elsewhere.
        var title = CardText.Shorten(action.Label, Offers.MaxLabel);
        return new ExecuteAction(Verb(action.Kind), data)
        {
            Title = title,
            Style = style,
            IsEnabled = enabled,
            Fallback = new SubmitAction(data) { Title = title, Style = style, IsEnabled = enabled },
        };
    }

    /// <summary>The key of a Follow button's data that holds its card's <see cref="Paging"/> words.</summary>
    internal const string RedrawKey = "redraw";

    private static string Verb(ActionKind kind) => kind switch
    {
        ActionKind.Follow => "subscribe",
        ActionKind.Unfollow => "unsubscribe",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Short(string text, int max) => CardText.Shorten(text, max);

    private static string Range(int offset, int count, int total) => Formats.Showing(offset, count, total) is { } showing ? " · " + showing : "";

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
