using Briefly.Core.Conversations;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Briefly.Core.Tests.Conversations;

/// <summary>Briefs start when Briefly is added to a channel; the welcome says when and offers to change it; whoami; alerts off.</summary>
public class WelcomeTests
{
    private static readonly ScheduleView NineInShanghai = new(new TimeOnly(9, 0), "Asia/Shanghai", WeekDays.Weekdays, Paused: false);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_channel_or_group_chat_seen_first_gets_the_default_schedule_and_a_personal_chat_none(DatabaseProvider provider)
    {
        await using var core = await CoreHarness.StartAsync(provider);

        var channel = Assert.IsType<WelcomeReply>(await core.SayAsync(MessageParser.WelcomeWord, conversation: "C1", kind: ConversationKind.Channel, timeZone: "Asia/Shanghai"));
        var group = Assert.IsType<WelcomeReply>(await core.SayAsync(MessageParser.WelcomeWord, user: "U2", conversation: "G1", kind: ConversationKind.Group));
        var personal = Assert.IsType<WelcomeReply>(await core.SayAsync(MessageParser.WelcomeWord, conversation: "D1", kind: ConversationKind.Personal, timeZone: "Asia/Shanghai"));

        Assert.Equal(NineInShanghai, channel.Schedule);
        Assert.Equal("I'll post the daily brief here at 09:00 Asia/Shanghai on weekdays.", channel.Schedule!.Announce());
        Assert.Equal(NineInShanghai with { TimeZone = "UTC" }, group.Schedule);
        Assert.Null(personal.Schedule);
        Assert.Empty(personal.TimeChoices);

        await using var db = core.Database.CreateContext();
        var stored = await db.Conversations.ToDictionaryAsync(c => c.ExternalId, c => (c.BriefTime, c.TimeZone, c.BriefDays));
        Assert.Equal((new TimeOnly(9, 0), "Asia/Shanghai", WeekDays.Weekdays), stored["C1"]);
        Assert.Equal((new TimeOnly(9, 0), "UTC", WeekDays.Weekdays), stored["G1"]);
        Assert.Null(stored["D1"].BriefTime);
    }

    [Fact]
    public async Task Any_first_message_starts_it_not_only_the_welcome()
    {
        await using var core = await CoreHarness.StartAsync();

        await core.SayAsync("latest on Huawei chips", conversation: "C1", kind: ConversationKind.Channel, timeZone: "Europe/Berlin");

        await using var db = core.Database.CreateContext();
        var channel = await db.Conversations.SingleAsync(c => c.ExternalId == "C1");
        Assert.Equal((new TimeOnly(9, 0), "Europe/Berlin"), (channel.BriefTime, channel.TimeZone));
    }

    [Theory]
    [InlineData("Asia/Tokyo", "America/New_York", "Asia/Tokyo")]
    [InlineData(null, "America/New_York", "America/New_York")]
    [InlineData("Mars/Olympus", "America/New_York", "America/New_York")]
    [InlineData(null, "Not/AZone", "UTC")]
    [InlineData(null, null, "UTC")]
    public async Task The_schedule_is_in_the_teams_time_zone_else_the_persons_else_UTC(string? team, string? person, string expected)
    {
        await using var core = await CoreHarness.StartAsync();

        await core.SayAsync(MessageParser.WelcomeWord, conversation: "C1", kind: ConversationKind.Channel, timeZone: person, teamTimeZone: team);

        await using var db = core.Database.CreateContext();
        Assert.Equal(expected, (await db.Conversations.SingleAsync(c => c.ExternalId == "C1")).TimeZone);
    }

    [Fact]
    public async Task A_time_zone_the_person_chose_beats_the_one_the_platform_reports()
    {
        await using var core = await CoreHarness.StartAsync();
        await core.SayAsync("timezone Europe/London");

        await core.SayAsync(MessageParser.WelcomeWord, conversation: "C1", kind: ConversationKind.Channel, timeZone: "America/New_York");

        await using var db = core.Database.CreateContext();
        Assert.Equal("Europe/London", (await db.Conversations.SingleAsync(c => c.ExternalId == "C1")).TimeZone);
    }

    [Fact]
    public async Task A_conversation_seen_before_keeps_its_schedule_even_none()
    {
        await using var core = await CoreHarness.StartAsync();
        await using (var db = core.Database.CreateContext())
        {
            db.Conversations.Add(new Conversation { Platform = ChatPlatform.Slack, ExternalId = "C-old", Kind = ConversationKind.Channel, ReferenceJson = "{}" });
            await db.SaveChangesAsync();
        }
        await core.SayAsync("schedule off", conversation: "C1", kind: ConversationKind.Channel);

        var old = Assert.IsType<WelcomeReply>(await core.SayAsync(MessageParser.WelcomeWord, conversation: "C-old", kind: ConversationKind.Channel, timeZone: "Asia/Shanghai"));
        await core.SayAsync("latest on DeepSeek", conversation: "C1", kind: ConversationKind.Channel);

        Assert.Null(old.Schedule!.Time);
        Assert.Equal("There is no daily brief here yet.", old.Schedule.Announce());
        // With nothing to change, the times offered start it.
        Assert.Equal(Welcome.PresetTimes.Count, old.TimeChoices.Count);
        Assert.Null(old.ScheduleAction);
        await using var check = core.Database.CreateContext();
        Assert.All(await check.Conversations.ToListAsync(), c => Assert.Null(c.BriefTime));
    }

    [Fact]
    public async Task The_default_comes_from_configuration_in_the_schedule_commands_words_and_off_means_none()
    {
        await using (var core = await CoreHarness.StartAsync(DatabaseProvider.Sqlite,
            new Dictionary<string, string?> { ["Briefly:DefaultBriefTime"] = "7:30am", ["Briefly:DefaultBriefDays"] = "mon,wed,fri" }))
        {
            var welcome = Assert.IsType<WelcomeReply>(await core.SayAsync(MessageParser.WelcomeWord, conversation: "C1", kind: ConversationKind.Channel, timeZone: "UTC"));
            Assert.Equal(new ScheduleView(new TimeOnly(7, 30), "UTC", WeekDays.Monday | WeekDays.Wednesday | WeekDays.Friday, false), welcome.Schedule);
            Assert.Equal("I'll post the daily brief here at 07:30 UTC on Mon, Wed, Fri.", welcome.Schedule!.Announce());
        }
        await using (var core = await CoreHarness.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Briefly:DefaultBriefTime"] = "off" }))
        {
            var welcome = Assert.IsType<WelcomeReply>(await core.SayAsync(MessageParser.WelcomeWord, conversation: "C1", kind: ConversationKind.Channel));
            Assert.Null(welcome.Schedule!.Time);
        }
    }

    [Theory]
    [InlineData("Briefly:DefaultBriefTime", "25:00")]
    [InlineData("Briefly:DefaultBriefTime", "nine")]
    [InlineData("Briefly:DefaultBriefTime", "")]
    [InlineData("Briefly:DefaultBriefDays", "someday")]
    [InlineData("Briefly:DefaultBriefDays", "mon,funday")]
    public async Task A_wrong_default_fails_at_start_naming_the_key(string key, string value)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        builder.AddBrieflyCore();
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(key, failure.Message);
        Assert.Contains($"'{value}'", failure.Message);
    }

    [Theory]
    [InlineData("09:00", "weekdays")]
    [InlineData("6pm", "daily")]
    [InlineData("off", "weekdays")]
    [InlineData("08:15", "mon-fri")]
    [InlineData("08:15", "Sat, Sun")]
    public void Right_defaults_pass(string time, string days) =>
        Assert.True(Validate(new BrieflyOptions { DefaultBriefTime = time, DefaultBriefDays = days }).Succeeded);

    private static ValidateOptionsResult Validate(BrieflyOptions options)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddBrieflyCore();
        using var host = builder.Build();
        return host.Services.GetServices<IValidateOptions<BrieflyOptions>>().Select(v => v.Validate(Options.DefaultName, options)).Single(r => !r.Skipped);
    }

    [Fact]
    public async Task The_welcome_offers_other_times_and_turning_off_as_commands_that_work_when_pressed()
    {
        await using var core = await CoreHarness.StartAsync();
        var welcome = Assert.IsType<WelcomeReply>(await core.SayAsync(MessageParser.WelcomeWord, conversation: "C1", kind: ConversationKind.Channel, timeZone: "Asia/Shanghai"));

        Assert.Equal(["07:00", "08:00", "10:00"], welcome.TimeChoices.Select(c => c.Label));
        Assert.Equal("schedule 09:30 Asia/Shanghai weekdays", welcome.ScheduleExample);
        Assert.Equal(new ReplyAction("Turn off the brief", "schedule off", ActionKind.Schedule, ActionEmphasis.Danger), welcome.ScheduleAction);
        Assert.Contains("I'll post the daily brief here at 09:00 Asia/Shanghai on weekdays.", welcome.FallbackText);

        // Pressed by someone elsewhere in the world: the place keeps its own zone and days.
        var moved = await core.SayAsync<SettingsReply>(welcome.TimeChoices[1].Command, user: "U9", conversation: "C1", kind: ConversationKind.Channel);
        Assert.Equal(NineInShanghai with { Time = new TimeOnly(8, 0) }, moved.Schedule);
        var off = await core.SayAsync<SettingsReply>(welcome.ScheduleAction!.Command, conversation: "C1", kind: ConversationKind.Channel);
        Assert.Null(off.Schedule!.Time);

        await core.SayAsync("pause", conversation: "C2", kind: ConversationKind.Channel);
        var paused = Assert.IsType<WelcomeReply>(await core.SayAsync(MessageParser.WelcomeWord, conversation: "C2", kind: ConversationKind.Channel));
        Assert.Equal(new ReplyAction("Resume the brief", "resume", ActionKind.Resume, ActionEmphasis.Primary), paused.ScheduleAction);
        Assert.IsType<Command.Resume>(MessageParser.Parse(paused.ScheduleAction!.Command));
    }

    [Fact]
    public void The_welcome_word_is_not_help_and_help_words_are_not_the_welcome()
    {
        Assert.IsType<Command.Welcome>(MessageParser.Parse(MessageParser.WelcomeWord));
        Assert.IsType<Command.Welcome>(MessageParser.Parse("<@U0BOT> welcome"));
        Assert.IsType<Command.Help>(MessageParser.Parse("help"));
        Assert.IsType<Command.Help>(MessageParser.Parse("hi"));
    }

    [Fact]
    public void Day_words_read_back_as_the_same_days_for_every_set_of_days()
    {
        for (var days = (WeekDays)1; days <= WeekDays.Every; days++)
        {
            Assert.True(DayNames.TryParse(DayNames.Words(days), out var read), DayNames.Words(days));
            Assert.Equal(days, read);
            var command = Assert.IsType<Command.SetSchedule>(MessageParser.Parse(ReplyActions.Schedule(new TimeOnly(8, 0), "America/Argentina/Buenos_Aires", days)));
            Assert.Equal((new TimeOnly(8, 0), "America/Argentina/Buenos_Aires", days), (command.Time!.Value, command.TimeZone, command.Days));
        }
    }

    [Fact]
    public async Task Help_lists_every_command_a_person_can_use()
    {
        await using var core = await CoreHarness.StartAsync();
        var help = await core.SayAsync<HelpReply>("help");

        var said = help.Commands.SelectMany(s => s.Lines).SelectMany(l => l.Say.Split(", ")).ToList();
        string[] expected =
        [
            "latest on Huawei chips", "brief for 12 May", "subscribe <topic>", "unsubscribe <topic>", "my topics", "settings", "alerts instant",
            "alerts daily 08:00", "alerts off", "timezone Asia/Shanghai", "quiet hours 22:00-07:00", "schedule 08:30 Asia/Shanghai weekdays",
            "pause", "resume", "more", "whoami", "help",
        ];
        Assert.Empty(expected.Except(said));

        // Every command the parser knows is reached by some line of help, as typed there.
        var reached = said.Select(s => MessageParser.Parse(s.Replace("<topic>", "Huawei")).GetType()).ToHashSet();
        var commands = typeof(Command).GetNestedTypes().Where(t => t.IsSubclassOf(typeof(Command)))
            .Except([typeof(Command.Invalid), typeof(Command.Welcome)]);
        Assert.Empty(commands.Except(reached));
        Assert.DoesNotContain(typeof(Command.Invalid), reached);

        // Not understood: a short help, without the whole list.
        Assert.Empty((await core.SayAsync<HelpReply>("tell me about")).Commands);
    }

    [Fact]
    public async Task Whoami_shows_the_ids_an_admin_configures_and_whether_the_person_is_one()
    {
        await using (var core = await CoreHarness.StartAsync(DatabaseProvider.Sqlite, "UADMIN"))
        {
            var admin = await core.SayAsync<WhoAmIReply>("whoami", user: "UADMIN", conversation: "C7", kind: ConversationKind.Channel);
            Assert.Equal(new WhoAmIReply(ChatPlatform.Slack, "UADMIN", null, "C7", ConversationKind.Channel, IsAdmin: true, AdminsConfigured: true), admin);
            var other = await core.SayAsync<WhoAmIReply>("who am i?", user: "U2");
            Assert.Equal(("U2", "D1", false), (other.UserId, other.ConversationId, other.IsAdmin));
            Assert.Contains("U2", other.FallbackText);
            Assert.Contains("not a Briefly admin", other.FallbackText);
        }
        await using (var core = await CoreHarness.StartAsync())
        {
            var anyone = await core.SayAsync<WhoAmIReply>("whoami");
            Assert.False(anyone.AdminsConfigured);
            Assert.Contains("Briefly:Admins is empty", anyone.FallbackText);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Alerts_off_keeps_the_topics_drops_what_was_waiting_and_alerts_instant_or_daily_turn_them_back_on(DatabaseProvider provider)
    {
        await using var core = await CoreHarness.StartAsync(provider);
        await core.SayAsync<SubscribedReply>("subscribe DeepSeek");
        await using (var db = core.Database.CreateContext())
        {
            var user = await db.Users.SingleAsync();
            var story = await db.Stories.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
            db.TopicAlerts.Add(new TopicAlert { UserId = user.Id, StoryId = story, Topic = "DeepSeek", Status = DeliveryStatus.Planned, CreatedAt = core.Time.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }

        var off = await core.SayAsync<SettingsReply>("alerts off");

        Assert.Equal(AlertMode.Off, off.AlertMode);
        Assert.Contains("Alerts are off", off.Changed);
        Assert.Contains("alerts: off", off.FallbackText, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["DeepSeek"], (await core.SayAsync<TopicsReply>("my topics")).Following);
        Assert.Equal(AlertMode.Off, (await core.SayAsync<SubscribedReply>("subscribe Huawei")).Mode);
        await using (var db = core.Database.CreateContext())
        {
            Assert.Equal(DeliveryStatus.Skipped, (await db.TopicAlerts.SingleAsync()).Status);
            Assert.Equal(AlertMode.Off, (await db.Users.SingleAsync()).AlertMode);
        }

        Assert.Equal(AlertMode.Instant, (await core.SayAsync<SettingsReply>("alerts instant")).AlertMode);
        Assert.Equal(AlertMode.Off, (await core.SayAsync<SettingsReply>("alerts none")).AlertMode);
        Assert.Equal(AlertMode.Daily, (await core.SayAsync<SettingsReply>("alerts daily")).AlertMode);
        Assert.Equal("alert mode", (await core.SayAsync<InvalidInputReply>("alerts sometimes")).Parameter);
    }
}
