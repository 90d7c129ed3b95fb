using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.Extensions.Options;

namespace Briefly.Core.Conversations;

/// <summary>The "Briefly" section.</summary>
public sealed class BrieflyOptions
{
    public const string Section = "Briefly";

    /// <summary>Platform user ids (Slack U…, Teams 29:… or AAD object ids) who may change channel schedules. Empty: anyone may.</summary>
    public List<string> Admins { get; set; } = [];
}

/// <summary>A person's alert mode, time zone and quiet hours; a conversation's brief schedule.</summary>
public sealed class Settings(BrieflyDbContext db, IOptions<BrieflyOptions> options)
{
    public static readonly TimeOnly DefaultBriefTime = new(8, 0);

    public Reply Show(User user, Conversation conversation) => View(user, conversation, changed: null);

    public async Task<Reply> ApplyAsync(User user, Conversation conversation, Command command, CancellationToken cancellationToken)
    {
        string changed;
        switch (command)
        {
            case Command.SetAlertMode mode:
                user.AlertMode = mode.Mode;
                if (mode.DigestTime is { } digestTime) user.DigestTime = digestTime;
                changed = mode.Mode == AlertMode.Instant ? "Alerts are now instant." : $"You'll get a daily digest at {user.DigestTime:HH:mm}.";
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
                if (!conversation.Paused && conversation.BriefTime is null) conversation.BriefTime = DefaultBriefTime;
                changed = conversation.Paused ? "The daily brief is paused here." : "The daily brief is back on here.";
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(command), command, "not a settings command");
        }
        await db.SaveChangesAsync(cancellationToken);
        return View(user, conversation, changed);
    }

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
