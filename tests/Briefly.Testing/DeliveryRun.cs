using Briefly.Core.Deliveries;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Briefly.Testing;

/// <summary>What the delivery jobs do, run by hand against a host's services: schedule a channel for now, plan, send.</summary>
public static class DeliveryRun
{
    /// <summary>Gives the conversation a daily brief at this minute (UTC, every day) and stores the seed as today's brief.</summary>
    public static async Task ScheduleNowAsync(IServiceProvider services, BrieflyDbContext db, string externalId)
    {
        await AwayFromMidnightAsync(TimeSpan.FromSeconds(30));
        var now = DateTime.UtcNow;
        var conversation = await db.Conversations.SingleAsync(c => c.ExternalId == externalId);
        (conversation.BriefTime, conversation.TimeZone, conversation.BriefDays) = (new TimeOnly(now.Hour, now.Minute), "UTC", WeekDays.Every);
        await db.SaveChangesAsync();
        await SeedBrief.IngestAsync(services, DateOnly.FromDateTime(now));
    }

    /// <summary>
    /// Waits past UTC midnight when it is closer than <paramref name="margin"/>: a test that stores today's brief and
    /// expects it delivered today must not see the day change in between.
    /// </summary>
    public static async Task AwayFromMidnightAsync(TimeSpan margin)
    {
        var untilMidnight = DateTime.UtcNow.Date.AddDays(1) - DateTime.UtcNow;
        if (untilMidnight < margin) await Task.Delay(untilMidnight + TimeSpan.FromSeconds(1));
    }

    /// <summary>Plans, then sends every planned delivery twice (the second time must send nothing).</summary>
    public static async Task<IReadOnlyList<long>> PlanAndSendTwiceAsync(IServiceProvider services)
    {
        IReadOnlyList<long> planned;
        await using (var scope = services.CreateAsyncScope())
            planned = await scope.ServiceProvider.GetRequiredService<BriefPlanner>().PlanAsync(CancellationToken.None);
        foreach (var id in planned.Concat(planned))
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<BriefSender>().DeliverAsync(id, CancellationToken.None);
        }
        return planned;
    }

    /// <summary>
    /// What the alert jobs do: match the new stories, then queue the alerts of everyone whose time it is; then waits for the
    /// host's outbox to send them. Returns those people.
    /// </summary>
    public static async Task<IReadOnlyList<long>> SendAlertsAsync(IServiceProvider services)
    {
        IReadOnlyList<long> due;
        await using (var scope = services.CreateAsyncScope())
        {
            var alerts = scope.ServiceProvider.GetRequiredService<TopicAlertPlanner>();
            await alerts.MatchNewStoriesAsync(CancellationToken.None);
            due = await alerts.DueUsersAsync(CancellationToken.None);
        }
        foreach (var userId in due)
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TopicAlertSender>().SendAsync(userId, CancellationToken.None);
        }
        await Settling.WaitAsync(services);
        return due;
    }
}
