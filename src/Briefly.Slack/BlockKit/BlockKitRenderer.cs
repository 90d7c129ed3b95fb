using System.Globalization;
using System.Text.Json.Nodes;
using Briefly.Core.Conversations;
using Briefly.Data.Entities;

namespace Briefly.Slack.BlockKit;

/// <summary>The action_id of each button names its verb; the button's value carries the command text itself.</summary>
public static class SlackActionIds
{
    public const string Subscribe = "subscribe";
    public const string Unsubscribe = "unsubscribe";
    public const string More = "more";
    public const string BriefFor = "brief_for";
    public const string Topics = "my_topics";
    public const string Settings = "settings";
    public const string Schedule = "schedule";
    public const string Resume = "resume";
    public const string Help = "help";

    /// <summary>A topic the reader follows: the button opens their topics.</summary>
    public const string Following = "following";

    /// <summary>A question, e.g. a close topic or a help example: the value is the question's text.</summary>
    public const string Ask = "ask";
}

/// <summary>
/// Renders the neutral replies as Block Kit: one <c>chat.postMessage</c> body (without the channel) per message, most
/// replies in one, long briefs and answers in several (see <see cref="MessagePager"/>). A pure function: no I/O, no clock.
/// </summary>
public static class BlockKitRenderer
{
    private const int MaxTitle = 300;
    private const int MaxSource = 300;
    private const int MaxWhy = 1000;
    private const int MaxCitationLine = 2000;
    private const int MaxTakeaway = 1000;
    private const string WhyLabel = ">*Why it matters:* ";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static IReadOnlyList<JsonObject> Render(Reply reply) => MessagePager.Paginate(reply switch
    {
        BriefReply brief => Brief(brief),
        AnswerReply answer => Answer(answer),
        PeriodReply period => Period(period),
        NoAnswerReply none => NoAnswer(none),
        NoMoreReply end => Notice(end, $":checkered_flag: No more stories {Mrkdwn.Fit(Mrkdwn.OneLine(end.Subject), 500)}: " +
            (end.Total == 1 ? "the only one was shown already." : $"all {Formats.Count(end.Total, "story", "stories")} were shown already."),
            $"You asked “{Mrkdwn.Fit(Mrkdwn.OneLine(end.Question), 500)}”"),
        NoBriefReply none => NoBrief(none),
        SubscribedReply subscribed => Subscribed(subscribed),
        UnsubscribedReply unsubscribed => Unsubscribed(unsubscribed),
        TopicsReply topics => Topics(topics),
        SettingsReply settings => Settings(settings),
        HelpReply help => Help(help),
        WelcomeReply welcome => Welcome(welcome),
        WhoAmIReply whoAmI => WhoAmI(whoAmI),
        InvalidInputReply invalid => Notice(invalid, $":warning: {Mrkdwn.Bold(Mrkdwn.Fit(invalid.Parameter, 200))}: {Mrkdwn.Fit(invalid.Problem, 1000)}.",
            $"For example: `{Mrkdwn.Fit(invalid.Example, 500)}`"),
        NotAllowedReply notAllowed => Notice(notAllowed, $":no_entry: Only Briefly admins can {Mrkdwn.Fit(notAllowed.Action, 1000)}.", null),
        AlertReply alert => Alert(alert),
        DigestReply digest => Digest(digest),
        HomeReply home => new Draft("Home", home.FallbackText, HomeBlocks(home), []),
        _ => Notice(reply, Mrkdwn.Fit(reply.FallbackText, SlackLimits.MaxSectionText), null),
    });

    private static Draft Brief(BriefReply brief)
    {
        var facts = new List<string> { $":calendar: *{brief.Date.ToString("dddd, d MMMM yyyy", Invariant)}*" };
        if (brief.PostedAt is { } posted)
            facts.Add(DateOnly.FromDateTime(posted) == brief.Date
                ? $"Posted {posted.ToString("HH:mm", Invariant)}"
                : $"Posted {posted.ToString("d MMM yyyy, HH:mm", Invariant)}");
        facts.Add(Count(brief.Stories.Count, "story", "stories"));

        Block[] head =
        [
            new HeaderBlock(new PlainText(Mrkdwn.FitPlain(
                Mrkdwn.OneLine(brief.Title) is { Length: > 0 } heading ? heading : $"Brief for {brief.Date.ToString("d MMMM yyyy", Invariant)}",
                SlackLimits.MaxHeaderText))),
            new ContextBlock([new MrkdwnText(string.Join("  ·  ", facts))]),
            new DividerBlock(),
        ];

        var tail = new List<Block>();
        if (brief.Takeaways.Count > 0) tail.AddRange(Bullets("*Key takeaways*", brief.Takeaways));
        if (Actions(brief.Actions) is { } actions) tail.Add(actions);

        var follows = brief.StoryFollows;
        return new Draft(brief.Title, brief.FallbackText, head, [.. brief.Stories.Select((s, i) => StoryUnit(s, follows[i]))],
            new Unit(tail, ""));
    }

    private static Draft Answer(AnswerReply answer)
    {
        var title = $"{Count(answer.Total, "story", "stories")} on {Mrkdwn.OneLine(answer.Topic)}";
        var shown = Formats.Showing(answer.Offset, answer.Stories.Count, answer.Total) is { } showing ? "  ·  " + showing : "";
        Block[] head =
        [
            new HeaderBlock(new PlainText(Mrkdwn.FitPlain(title, SlackLimits.MaxHeaderText))),
            new ContextBlock([new MrkdwnText($"You asked “{Mrkdwn.Fit(Mrkdwn.OneLine(answer.Question), 500)}”{shown}")]),
            new DividerBlock(),
        ];
        var follows = answer.StoryFollows;
        return new Draft(title, answer.FallbackText, head, [.. answer.Stories.Select((s, i) => StoryUnit(s, follows[i]))],
            Actions(answer.Actions) is { } actions ? new Unit([actions], "") : null);
    }

    private static Draft Period(PeriodReply period)
    {
        var title = $"{Count(period.Total, "story", "stories")} {Mrkdwn.OneLine(period.Period)}" +
                    (period.Topic is null ? "" : $" on {Mrkdwn.OneLine(period.Topic)}");
        var range = Formats.Days(period.From, period.To);
        var shown = Formats.Showing(period.Offset, period.Stories.Count, period.Total) is { } showing ? "  ·  " + showing : "";
        Block[] head =
        [
            new HeaderBlock(new PlainText(Mrkdwn.FitPlain(title, SlackLimits.MaxHeaderText))),
            new ContextBlock([new MrkdwnText($":calendar: {range}  ·  you asked “{Mrkdwn.Fit(Mrkdwn.OneLine(period.Question), 500)}”{shown}")]),
            new DividerBlock(),
        ];
        var follows = period.StoryFollows;
        return new Draft(title, period.FallbackText, head, [.. period.Stories.Select((s, i) => StoryUnit(s, follows[i]))],
            Actions(period.Actions) is { } actions ? new Unit([actions], "") : null);
    }

    private static Draft NoAnswer(NoAnswerReply none)
    {
        var topic = Mrkdwn.Fit(Mrkdwn.OneLine(none.Topic), 500);
        var head = new List<Block>
        {
            new SectionBlock(new MrkdwnText($":mag: I have no stories on {Mrkdwn.Bold(topic)} yet.")),
        };
        if (Actions(none.CloseTopicActions) is { } close)
            head.AddRange([new SectionBlock(new MrkdwnText("*These topics have recent stories:*")), close]);
        if (!none.Following)
            head.Add(new ContextBlock([new MrkdwnText("Follow it and I'll tell you as soon as a story arrives.")]));
        if (Actions(none.Actions) is { } actions) head.Add(actions);
        return new Draft($"Nothing on {none.Topic}", none.FallbackText, head, []);
    }

    private static Draft NoBrief(NoBriefReply none)
    {
        var head = new List<Block>
        {
            new SectionBlock(new MrkdwnText($":date: There is no brief for *{none.Date.ToString("d MMMM yyyy", Invariant)}*." +
                (none.NearestDates.Count == 0 ? "" : " The nearest ones:"))),
        };
        return new Draft("No brief", none.FallbackText, head, [], Actions(none.Actions) is { } actions ? new Unit([actions], "") : null);
    }

    private static Draft Subscribed(SubscribedReply subscribed)
    {
        var topic = Mrkdwn.Bold(Mrkdwn.Fit(Mrkdwn.OneLine(subscribed.Topic), 500));
        var lines = new List<string>
        {
            subscribed.NoDirectChat ? ":speech_balloon: " + SubscribedReply.StartDirectChat : subscribed.Mode switch
            {
                AlertMode.Instant => ":bell: You'll get an alert as soon as a new story matches.",
                AlertMode.Daily => ":newspaper: Matching stories will be in your daily digest.",
                _ => ":no_bell: Your alerts are off: say `alerts instant` or `alerts daily` to hear about it.",
            },
        };
        if (subscribed.RecentStories > 0) lines.Add($"{Count(subscribed.RecentStories, "recent story", "recent stories")} on it");
        Block?[] head =
        [
            new SectionBlock(new MrkdwnText(subscribed.AlreadyFollowing
                ? $":white_check_mark: You already follow {topic}."
                : $":white_check_mark: You now follow {topic}.")),
            new ContextBlock([new MrkdwnText(string.Join("  ·  ", lines))]),
            Actions(subscribed.Actions),
        ];
        return new Draft($"Following {subscribed.Topic}", subscribed.FallbackText, [.. head.OfType<Block>()], []);
    }

    private static Draft Unsubscribed(UnsubscribedReply unsubscribed)
    {
        var topic = Mrkdwn.Bold(Mrkdwn.Fit(Mrkdwn.OneLine(unsubscribed.Topic), 500));
        var still = unsubscribed.StillFollowing.Count == 0
            ? "You follow no topics now."
            : "Still following: " + Mrkdwn.Fit(string.Join(", ", unsubscribed.StillFollowing), 2000);
        Block?[] head =
        [
            new SectionBlock(new MrkdwnText(unsubscribed.WasFollowing ? $":wave: Stopped following {topic}." : $"You were not following {topic}.")),
            new ContextBlock([new MrkdwnText(still)]),
            Actions(unsubscribed.Actions),
        ];
        return new Draft($"Unfollowed {unsubscribed.Topic}", unsubscribed.FallbackText, [.. head.OfType<Block>()], []);
    }

    private static Draft Topics(TopicsReply topics)
    {
        var head = new List<Block> { new HeaderBlock(new PlainText("Your topics")) };
        var body = new List<Unit>();
        if (topics.Following.Count == 0)
            head.Add(new SectionBlock(new MrkdwnText("You follow no topics yet. Follow one below, or type `follow` and a name, e.g. `follow Huawei`.")));
        else
            body.AddRange(topics.Following.Select((t, i) => new Unit(
                [new SectionBlock(new MrkdwnText($":bell: {Mrkdwn.Bold(Mrkdwn.Fit(Mrkdwn.OneLine(t), 500))}"), Accessory: Button(topics.FollowingActions[i]))],
                t)));
        if (topics.Suggested.Count > 0)
        {
            var suggestions = topics.Suggested.Select((s, i) => new Unit(
                [new SectionBlock(new MrkdwnText($"{Mrkdwn.Bold(Mrkdwn.Fit(Mrkdwn.OneLine(s.Topic), 500))}  ·  {Count(s.StoryCount, "recent story", "recent stories")}"),
                    Accessory: Button(topics.SuggestedActions[i]))],
                s.Topic)).ToList();
            // The heading goes with the first suggestion so a split never leaves it alone at the foot of a message.
            suggestions[0] = suggestions[0] with { Blocks = [new DividerBlock(), new SectionBlock(new MrkdwnText("*Popular in recent briefs*")), .. suggestions[0].Blocks] };
            body.AddRange(suggestions);
        }
        return new Draft("Your topics", topics.FallbackText, head, body, Actions(topics.Actions) is { } actions ? new Unit([actions], "") : null);
    }

    /// <summary>
    /// The person's Home tab (https://docs.slack.dev/surfaces/app-home): one view, published whole, carrying their DM's
    /// channel id in <c>private_metadata</c> so its buttons can be answered there. <see cref="HomeBlocks"/> stays within a
    /// view's 100 blocks: at most 20 topics, 20 channels and 10 headlines.
    /// </summary>
    public static JsonObject HomeView(HomeReply home, string directChannel) => new()
    {
        ["type"] = "home",
        ["private_metadata"] = directChannel,
        ["blocks"] = new JsonArray([.. HomeBlocks(home).Select(block => (JsonNode)BlockJson.ToJson(block))]),
    };

    private const int MaxHomeTopics = 20;

    private static List<Block> HomeBlocks(HomeReply home)
    {
        var blocks = new List<Block> { new HeaderBlock(new PlainText("Your Briefly")), new SectionBlock(new MrkdwnText("*Topics you follow*")) };
        if (home.Following.Count == 0)
            blocks.Add(new ContextBlock([new MrkdwnText("None yet. Press Follow under a story, or send me `follow` and a topic.")]));
        foreach (var (topic, unfollow) in home.Following.Zip(home.UnfollowActions).Take(MaxHomeTopics))
            blocks.Add(new SectionBlock(new MrkdwnText(Mrkdwn.Fit(Mrkdwn.OneLine(topic), 500)), Accessory: Button(unfollow)));
        if (home.Following.Count > MaxHomeTopics)
            blocks.Add(new ContextBlock([new MrkdwnText($"and {home.Following.Count - MaxHomeTopics} more: send me `my topics`.")]));

        var settings = home.Settings;
        blocks.Add(new DividerBlock());
        blocks.Add(new SectionBlock(new MrkdwnText("*Your alerts*"), [
            Field("Alerts", settings.AlertMode switch
            {
                AlertMode.Instant => "Instant",
                AlertMode.Daily => $"Daily digest at {settings.DigestTime.ToString("HH:mm", Invariant)}",
                _ => "Off",
            }),
            Field("Time zone", settings.TimeZone ?? "Not set (UTC)"),
            Field("Quiet hours", settings.QuietHoursStart is { } start && settings.QuietHoursEnd is { } end
                ? $"{start.ToString("HH:mm", Invariant)}–{end.ToString("HH:mm", Invariant)}"
                : "Off"),
        ]));
        blocks.Add(new ContextBlock([new MrkdwnText("Change them by sending me e.g. `alerts daily 08:00`, `timezone Asia/Shanghai` or `quiet hours 22:00-07:00`.")]));

        blocks.Add(new DividerBlock());
        blocks.Add(new SectionBlock(new MrkdwnText("*Channels with the daily brief*")));
        blocks.Add(new SectionBlock(new MrkdwnText(home.Channels.Count == 0
            ? "No channel here gets it yet: invite me to one (`/invite @briefly`)."
            // A channel mention is markup, not text: only the id (letters and digits) goes in it. 20 lines of ~100 characters.
            : string.Join("\n", home.Channels.Select(c => $"<#{c.ExternalId}>  ·  {Mrkdwn.Fit(c.Schedule.Describe(), 120)}")))));

        if (home.Latest is { } latest)
        {
            blocks.Add(new DividerBlock());
            blocks.Add(new SectionBlock(
                new MrkdwnText($"*{Mrkdwn.Fit(Mrkdwn.OneLine(latest.Title), 300)}*  ·  {latest.Date.ToString("d MMMM yyyy", Invariant)}"),
                Accessory: home.OpenLatest is { } open ? Button(open) : null));
            if (latest.Headlines.Count > 0)
                // Ten headlines of at most 280 characters each stay within a section's 3,000.
                blocks.Add(new SectionBlock(new MrkdwnText(string.Join("\n", latest.Headlines.Select(h => "• " + Mrkdwn.Fit(Mrkdwn.OneLine(h), 280))))));
        }
        if (Actions(home.Actions) is { } actions)
        {
            blocks.Add(new DividerBlock());
            blocks.Add(actions);
        }
        return blocks;
    }

    private static Draft Settings(SettingsReply settings)
    {
        var head = new List<Block> { new HeaderBlock(new PlainText("Settings")) };
        if (settings.Changed is { } changed)
            head.Add(new SectionBlock(new MrkdwnText($":white_check_mark: {Mrkdwn.Fit(changed, 2000)}")));
        var fields = new List<TextObject>
        {
            Field("Alerts", settings.AlertMode switch
            {
                AlertMode.Instant => "Instant",
                AlertMode.Daily => $"Daily digest at {settings.DigestTime.ToString("HH:mm", Invariant)}",
                _ => "Off",
            }),
            Field("Time zone", settings.TimeZone ?? "Not set (UTC)"),
            Field("Quiet hours", settings.QuietHoursStart is { } start && settings.QuietHoursEnd is { } end
                ? $"{start.ToString("HH:mm", Invariant)}–{end.ToString("HH:mm", Invariant)}"
                : "Off"),
        };
        if (settings.Schedule is { } schedule) fields.Add(Field("This conversation's brief", schedule.Describe()));
        head.Add(new SectionBlock(null, fields));
        head.Add(new ContextBlock([new MrkdwnText(
            "Change them by typing e.g. `alerts instant`, `alerts daily 08:00`, `alerts off`, `timezone Asia/Shanghai` or `quiet hours 22:00-07:00`.")]));
        if (Actions(settings.Actions) is { } actions) head.Add(actions);
        return new Draft("Settings", settings.FallbackText, head, []);
    }

    private static Draft Help(HelpReply help)
    {
        var head = new List<Block>();
        if (help.NotUnderstood is { } said)
            head.Add(new SectionBlock(new MrkdwnText($":thinking_face: Sorry, I didn't understand “{Mrkdwn.Fit(Mrkdwn.OneLine(said), 500)}”.")));
        head.Add(new SectionBlock(new MrkdwnText(AboutBriefly)));
        if (Actions(help.ExampleActions) is { } examples) head.AddRange([new ContextBlock([new MrkdwnText("*Try one:*")]), examples]);
        head.AddRange(help.Commands.Select(CommandSection));
        if (Actions(help.Actions) is { } actions) head.Add(actions);
        return new Draft("Help", help.FallbackText, head, []);
    }

    private const string AboutBriefly =
        ":wave: *I'm Briefly.* I post the daily news brief, answer questions about its stories, " +
        "and tell you when a topic you follow is in the news.";

    /// <summary>A bold heading, then one line per command: the words in code, what they do after a dash.</summary>
    private static SectionBlock CommandSection(HelpSection section)
    {
        var lines = section.Lines.Select(l => $"`{Mrkdwn.Fit(Mrkdwn.OneLine(l.Say).Replace('`', '\''), 200)}` — {Mrkdwn.Fit(Mrkdwn.OneLine(l.Does), 300)}");
        return new SectionBlock(new MrkdwnText(Mrkdwn.Bold(Mrkdwn.Fit(section.Heading, 100)) + "\n" + string.Join("\n", lines)));
    }

    private static Draft Welcome(WelcomeReply welcome)
    {
        var head = new List<Block> { new SectionBlock(new MrkdwnText(AboutBriefly)) };
        if (welcome.Schedule is { } schedule)
        {
            head.Add(new SectionBlock(new MrkdwnText($":calendar: *{Mrkdwn.Fit(schedule.Announce(), 500)}*")));
            var prompt = schedule.Time is null ? "Start it at" : "Post it at another time";
            if (welcome.TimeChoices.Count > 0) head.Add(new ContextBlock([new MrkdwnText(prompt + ":")]));
            if (Actions([.. welcome.TimeChoices, .. welcome.ScheduleAction is { } change ? [change] : Array.Empty<ReplyAction>()]) is { } scheduleActions)
                head.Add(scheduleActions);
            if (welcome.ScheduleExample is { } example)
                head.Add(new ContextBlock([new MrkdwnText($"Or type a time, time zone and days, e.g. `{Mrkdwn.Fit(Mrkdwn.OneLine(example).Replace('`', '\''), 200)}`")]));
        }
        if (Actions([.. welcome.ExampleActions, .. welcome.Actions]) is { } actions) head.Add(actions);
        return new Draft("Welcome", welcome.FallbackText, head, []);
    }

    private static Draft WhoAmI(WhoAmIReply who)
    {
        var admin = !who.AdminsConfigured ? "No admins are set: anyone may change schedules" : who.IsAdmin ? "Yes" : "No";
        Block[] head =
        [
            new SectionBlock(null,
            [
                Field(who.Platform == ChatPlatform.Slack ? "Slack user id" : "Your id (Entra object id)", $"`{Mrkdwn.OneLine(who.UserId)}`"),
                Field("This conversation", $"`{Mrkdwn.OneLine(who.ConversationId)}`"),
                Field("Briefly admin", admin),
            ]),
            new ContextBlock([new MrkdwnText("Admins are the ids listed in the `Briefly:Admins` setting; they may change, pause and resume the brief schedule.")]),
            .. Actions(who.Actions) is { } actions ? [actions] : Array.Empty<Block>(),
        ];
        return new Draft("Who am I", who.FallbackText, head, []);
    }

    private static Draft Alert(AlertReply alert)
    {
        var topic = Mrkdwn.Fit(Mrkdwn.OneLine(alert.Topic), 500);
        Block[] head =
        [
            new SectionBlock(new MrkdwnText($":bell: *New on {topic}*")),
            new ContextBlock([new MrkdwnText($"{Count(alert.Stories.Count, "new story", "new stories")} on a topic you follow")]),
            new DividerBlock(),
        ];
        var actions = Actions(alert.Actions);
        var follows = alert.StoryFollows;
        return new Draft($"New on {alert.Topic}", alert.FallbackText, head, [.. alert.Stories.Select((s, i) => StoryUnit(s, follows[i]))],
            actions is null ? null : new Unit([actions], ""));
    }

    private static Draft Digest(DigestReply digest)
    {
        var stories = digest.Sections.Sum(s => s.Stories.Count);
        var title = $"Your digest · {digest.Date.ToString("d MMMM yyyy", Invariant)}";
        Block[] head =
        [
            new HeaderBlock(new PlainText(title)),
            new ContextBlock([new MrkdwnText($"{Count(stories, "new story", "new stories")} on {Count(digest.Sections.Count, "topic", "topics")} you follow")]),
            new DividerBlock(),
        ];
        var body = new List<Unit>();
        var follows = digest.StoryFollows;
        var number = 0;
        foreach (var section in digest.Sections)
        {
            var heading = new SectionBlock(new MrkdwnText(
                $":bell: {Mrkdwn.Bold(Mrkdwn.Fit(Mrkdwn.OneLine(section.Topic), 500))}  ·  {Count(section.Stories.Count, "story", "stories")}"));
            var units = section.Stories.Select(s => StoryUnit(s, follows[number++])).ToList();
            if (units.Count == 0) body.Add(new Unit([heading], section.Topic));
            else
            {
                units[0] = units[0] with { Blocks = [heading, .. units[0].Blocks] };
                body.AddRange(units);
            }
        }
        var actions = Actions(digest.Actions);
        return new Draft(title, digest.FallbackText, head, body, actions is null ? null : new Unit([actions], ""));
    }

    private static Draft Notice(Reply reply, string text, string? context)
    {
        var blocks = new List<Block> { new SectionBlock(new MrkdwnText(text)) };
        if (context is not null) blocks.Add(new ContextBlock([new MrkdwnText(context)]));
        if (Actions(reply.Actions) is { } actions) blocks.Add(actions);
        return new Draft("Briefly", reply.FallbackText, blocks, []);
    }

    /// <summary>
    /// Title (with a button to follow its first topic), "Source · date", the summary with "why it matters" as a quoted
    /// line beneath (Slack has no toggle), the citation links, then a divider.
    /// </summary>
    private static Unit StoryUnit(StoryView story, ReplyAction? follow)
    {
        var readMore = story.Citations.FirstOrDefault(c => Mrkdwn.SafeUrl(c) is not null);
        var title = Mrkdwn.OneLine(story.Title) is { Length: > 0 } written ? written : "(untitled)";
        var fittedTitle = Mrkdwn.Fit(title, MaxTitle);
        var titleText = Mrkdwn.Bold(fittedTitle) +
                        (fittedTitle.Length < Mrkdwn.Escape(title).Length && readMore is not null ? " " + Mrkdwn.Link(readMore, "Read more") : "");
        var blocks = new List<Block>
        {
            new SectionBlock(new MrkdwnText(titleText), Accessory: follow is null ? null : Button(follow)),
        };

        var date = story.DateText.Trim().Length > 0 ? Mrkdwn.OneLine(story.DateText) : story.Date.ToString("d MMM yyyy", Invariant);
        var source = Mrkdwn.OneLine(story.Source);
        blocks.Add(new ContextBlock([new MrkdwnText(source.Length == 0 ? Mrkdwn.Fit(date, 200) : $"{Mrkdwn.Fit(source, MaxSource)}  ·  {Mrkdwn.Fit(date, 200)}")]));

        if (Body(story.Summary.Trim(), Mrkdwn.OneLine(story.WhyItMatters), readMore) is { } body)
            blocks.Add(new SectionBlock(new MrkdwnText(body)));

        if (CitationLine(story.Citations) is { } citations)
            blocks.Add(new ContextBlock([new MrkdwnText(citations)]));
        blocks.Add(new DividerBlock());
        return new Unit(blocks, title);
    }

    /// <summary>Summary and "why it matters" in one section of at most 3,000 characters; "why" gets up to 1,000 of them when both are long.</summary>
    private static string? Body(string summary, string why, string? readMore)
    {
        if (summary.Length == 0 && why.Length == 0) return null;
        var separator = summary.Length > 0 && why.Length > 0 ? "\n" : "";
        var label = why.Length > 0 ? WhyLabel : "";
        var room = SlackLimits.MaxSectionText - separator.Length - label.Length;
        var escapedSummary = Mrkdwn.Escape(summary);
        var escapedWhy = Mrkdwn.Escape(why);
        if (escapedSummary.Length + escapedWhy.Length > room)
        {
            escapedWhy = Mrkdwn.Fit(why, summary.Length == 0 ? room : Math.Min(MaxWhy, escapedWhy.Length), readMore);
            escapedSummary = Mrkdwn.Fit(summary, room - escapedWhy.Length, readMore);
        }
        return escapedSummary + separator + label + escapedWhy;
    }

    private static string? CitationLine(IReadOnlyList<string> citations)
    {
        var links = citations.Where(c => Mrkdwn.SafeUrl(c) is not null).Select(c => Mrkdwn.Link(c, Mrkdwn.Host(c))).ToList();
        if (links.Count == 0) return null;
        var line = ":link: " + links[0];
        var shown = 1;
        foreach (var link in links.Skip(1))
        {
            if (line.Length + link.Length + 20 > MaxCitationLine) break;
            line += "  ·  " + link;
            shown++;
        }
        return shown == links.Count ? line : $"{line}  ·  +{links.Count - shown} more";
    }

    private static IEnumerable<Block> Bullets(string heading, IReadOnlyList<string> items)
    {
        var text = heading;
        foreach (var item in items)
        {
            var bullet = "• " + Mrkdwn.Fit(Mrkdwn.OneLine(item), MaxTakeaway);
            if (text.Length + 1 + bullet.Length > SlackLimits.MaxSectionText)
            {
                yield return new SectionBlock(new MrkdwnText(text));
                text = bullet;
            }
            else text = text.Length == 0 ? bullet : text + "\n" + bullet;
        }
        yield return new SectionBlock(new MrkdwnText(text));
    }

    /// <summary>
    /// The core's button: its label, and its words as the value. The core bounds both well within Slack's limits (text 75,
    /// value 2,000); a value over the limit anyway is left out rather than have Slack refuse the whole message.
    /// </summary>
    private static ButtonElement? Button(ReplyAction action) =>
        action.Command.Length > SlackLimits.MaxButtonValue
            ? null
            : new ButtonElement(new PlainText(Mrkdwn.FitPlain(Mrkdwn.OneLine(action.Label), SlackLimits.MaxButtonText)), ActionId(action.Kind), action.Command,
                Style: action.Emphasis switch { ActionEmphasis.Primary => "primary", ActionEmphasis.Danger => "danger", _ => null });

    private static string ActionId(ActionKind kind) => kind switch
    {
        ActionKind.More => SlackActionIds.More,
        ActionKind.Follow => SlackActionIds.Subscribe,
        ActionKind.Following => SlackActionIds.Following,
        ActionKind.Unfollow => SlackActionIds.Unsubscribe,
        ActionKind.Brief => SlackActionIds.BriefFor,
        ActionKind.Topics => SlackActionIds.Topics,
        ActionKind.Settings => SlackActionIds.Settings,
        ActionKind.Help => SlackActionIds.Help,
        ActionKind.Schedule => SlackActionIds.Schedule,
        ActionKind.Resume => SlackActionIds.Resume,
        _ => SlackActionIds.Ask,
    };

    private static ActionsBlock? Actions(IEnumerable<ReplyAction> actions) => Actions(actions.Select(Button));

    /// <summary>
    /// An actions block, with each verb's action_id made unique within it ("subscribe", "subscribe-2"), as Slack requires;
    /// none when there are no buttons.
    /// </summary>
    private static ActionsBlock? Actions(IEnumerable<ButtonElement?> buttons)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var elements = new List<BlockElement>();
        foreach (var button in buttons.OfType<ButtonElement>().Take(SlackLimits.MaxActionsElements))
        {
            var n = seen[button.ActionId] = seen.GetValueOrDefault(button.ActionId) + 1;
            elements.Add(n == 1 ? button : button with { ActionId = $"{button.ActionId}-{n}" });
        }
        return elements.Count == 0 ? null : new ActionsBlock(elements);
    }

    private static MrkdwnText Field(string name, string value) =>
        new($"*{name}*\n{Mrkdwn.Fit(value, SlackLimits.MaxFieldText - name.Length - 3)}");

    private static string Count(int n, string one, string many) => Formats.Count(n, one, many);
}
