using Briefly.Data.Entities;

namespace Briefly.Core.Conversations;

/// <summary>The greeting when Briefly is added to a place, and the schedule choices it offers there.</summary>
public static class Welcome
{
    /// <summary>
    /// Whole hours people commonly want a morning brief at. Buttons rather than a time picker: a button sends the words
    /// of a command, which both platforms hand back unchanged, while an input's value would need each edge to read it.
    /// </summary>
    public static IReadOnlyList<TimeOnly> PresetTimes { get; } = [new(7, 0), new(8, 0), new(9, 0), new(10, 0)];

    public static WelcomeReply For(Conversation conversation)
    {
        if (conversation.Kind == ConversationKind.Personal) return new WelcomeReply(null, [], null, null, HelpText.Examples);

        var schedule = new ScheduleView(conversation.BriefTime, conversation.TimeZone, conversation.BriefDays, conversation.Paused);
        var choices = PresetTimes
            .Where(t => t != conversation.BriefTime)
            .Select(t => new ReplyAction(t.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                ReplyActions.Schedule(t, conversation.TimeZone, conversation.BriefDays), ActionKind.Schedule))
            .ToList();
        ReplyAction? action = conversation.BriefTime is null ? null
            : conversation.Paused ? new ReplyAction("Resume the brief", ReplyActions.Resume, ActionKind.Resume, ActionEmphasis.Primary)
            : new ReplyAction("Turn off the brief", ReplyActions.ScheduleOff, ActionKind.Schedule, ActionEmphasis.Danger);
        var example = ReplyActions.Schedule(conversation.BriefTime is { } time ? time.Add(TimeSpan.FromMinutes(30)) : new TimeOnly(8, 30),
            conversation.TimeZone, conversation.BriefDays);
        return new WelcomeReply(schedule, choices, action, example, HelpText.Examples);
    }
}
