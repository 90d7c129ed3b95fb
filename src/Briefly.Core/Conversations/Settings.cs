using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Briefly.Core.Conversations;

/// <summary>The "Briefly" section.</summary>
public sealed class BrieflyOptions
{
    public const string Section = "Briefly";

    /// <summary>Platform user ids (Slack U…; Teams: the person's Microsoft Entra object id) who may change channel schedules. Empty: anyone may.</summary>
    public List<string> Admins { get; set; } = [];

    /// <summary>
    /// The time of day a channel or group chat gets its daily brief from the moment Briefly is added there, in the
    /// words <c>schedule</c> reads ("09:00", "8:30am"); <c>off</c>: new places get no brief until someone sets one.
    /// </summary>
    public string DefaultBriefTime { get; set; } = "09:00";

    /// <summary>The days of that default schedule, in the words <c>schedule</c> reads: "weekdays", "daily", "mon,wed,fri".</summary>
    public string DefaultBriefDays { get; set; } = "weekdays";

    /// <summary>The schedule a new channel or group chat starts with; null when <see cref="DefaultBriefTime"/> is off.</summary>
    /// <remarks>Read after <see cref="BrieflyOptionsValidator"/> has passed the values at start.</remarks>
    public (TimeOnly Time, WeekDays Days)? DefaultSchedule =>
        IsOff(DefaultBriefTime) || !MessageParser.TryTime(DefaultBriefTime, out var time) || !DayNames.TryParse(DefaultBriefDays, out var days)
            ? null
            : (time, days);

    internal static bool IsOff(string value) => value.Trim().ToLowerInvariant() is "off" or "none";
}

/// <summary>Checks the "Briefly" section at start, naming the key that is wrong and the words it takes.</summary>
internal sealed class BrieflyOptionsValidator : IValidateOptions<BrieflyOptions>
{
    public ValidateOptionsResult Validate(string? name, BrieflyOptions options)
    {
        var failures = new List<string>();
        if (!BrieflyOptions.IsOff(options.DefaultBriefTime ?? "") && !MessageParser.TryTime(options.DefaultBriefTime ?? "", out _))
            failures.Add($"{BrieflyOptions.Section}:{nameof(BrieflyOptions.DefaultBriefTime)} '{options.DefaultBriefTime}' is not a time of day like 09:00 or 8:30am, or off.");
        if (!DayNames.TryParse(options.DefaultBriefDays ?? "", out _))
            failures.Add($"{BrieflyOptions.Section}:{nameof(BrieflyOptions.DefaultBriefDays)} '{options.DefaultBriefDays}' is not weekdays, daily, weekends or days like mon,wed,fri.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>A person's alert mode, time zone and quiet hours; a conversation's brief schedule.</summary>
public sealed class Settings(BrieflyDbContext db, IOptions<BrieflyOptions> options)
{
    /// <summary>What <c>resume</c> starts a conversation with no schedule at, when the configured default is off.</summary>
    public static readonly TimeOnly DefaultBriefTime = new(9, 0);

    public Reply Show(User user, Conversation conversation) => View(user, conversation, changed: null);

    public async Task<Reply> ApplyAsync(User user, Conversation conversation, Command command, CancellationToken cancellationToken)
    {
        string changed;
        switch (command)
        {
            case Command.SetAlertMode mode:
                user.AlertMode = mode.Mode;
                if (mode.DigestTime is { } digestTime) user.DigestTime = digestTime;
                if (mode.Mode == AlertMode.Off)
                {
                    // What matched before is dropped too: turning alerts back on must not bring a backlog of old news.
                    await db.TopicAlerts.Where(a => a.UserId == user.Id && a.Status == DeliveryStatus.Planned)
                        .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, DeliveryStatus.Skipped), cancellationToken);
                }
                changed = mode.Mode switch
                {
                    AlertMode.Instant => "Alerts are now instant.",
                    AlertMode.Daily => $"You'll get a daily digest at {user.DigestTime:HH:mm}.",
                    _ => "Alerts are off. You keep your topics; say alerts instant or alerts daily to hear about them again.",
                };
                break;

            case Command.SetTimeZone zone:
                if (!TimeZones.TryFind(zone.TimeZone, out var found))
                    return new InvalidInputReply("time zone", $"'{zone.TimeZone}' is not a time zone name", "timezone Asia/Shanghai, timezone Europe/London, timezone UTC");
                user.TimeZone = found.Id;
                user.TimeZoneChosen = true;
                changed = $"Your time zone is now {found.Id}.";
                break;

            case Command.SetQuietHours quiet:
                user.QuietHoursStart = quiet.Start;
                user.QuietHoursEnd = quiet.End;
                changed = quiet.Start is null ? "Quiet hours are off." : $"No alerts between {quiet.Start:HH:mm} and {quiet.End:HH:mm}.";
                break;

            case Command.SetSchedule schedule:
                if (!IsAdmin(user)) return new NotAllowedReply("change the brief schedule");
                if (schedule.TimeZone is { } zoneName && !TimeZones.TryFind(zoneName, out _))
                    return new InvalidInputReply("schedule time zone", $"'{zoneName}' is not a time zone name", "schedule 08:30 Asia/Shanghai weekdays");
                conversation.BriefTime = schedule.Time;
                if (schedule.Time is not null)
                {
                    conversation.TimeZone = schedule.TimeZone ?? user.TimeZone ?? conversation.TimeZone;
                    conversation.BriefDays = schedule.Days;
                    conversation.Paused = false;
                }
                changed = schedule.Time is null ? "This conversation will get no daily brief." : "Schedule saved.";
                break;

            case Command.Pause or Command.Resume:
                if (!IsAdmin(user)) return new NotAllowedReply(command is Command.Pause ? "pause the brief" : "resume the brief");
                conversation.Paused = command is Command.Pause;
                if (!conversation.Paused && conversation.BriefTime is null) conversation.BriefTime = options.Value.DefaultSchedule?.Time ?? DefaultBriefTime;
                changed = conversation.Paused ? "The daily brief is paused here." : "The daily brief is back on here.";
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(command), command, "not a settings command");
        }
        await db.SaveChangesAsync(cancellationToken);
        return View(user, conversation, changed);
    }

    public WhoAmIReply WhoAmI(User user, Conversation conversation) =>
        new(user.Platform, user.ExternalId, user.DisplayName, conversation.ExternalId, conversation.Kind, IsAdmin(user) && options.Value.Admins.Count > 0,
            options.Value.Admins.Count > 0);

    private bool IsAdmin(User user) => options.Value.Admins.Count == 0 || options.Value.Admins.Contains(user.ExternalId, StringComparer.Ordinal);

    private static SettingsReply View(User user, Conversation conversation, string? changed) => new(
        user.AlertMode,
        user.DigestTime,
        user.TimeZone,
        user.QuietHoursStart,
        user.QuietHoursEnd,
        new ScheduleView(conversation.BriefTime, conversation.TimeZone, conversation.BriefDays, conversation.Paused),
        changed);
}
