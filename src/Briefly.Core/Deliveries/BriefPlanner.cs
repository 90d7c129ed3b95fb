using System.Data.Common;
using System.Text.Json;
using Briefly.Core.Conversations;
using Briefly.Core.Messaging;
using Briefly.Core.Telemetry;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefly.Core.Deliveries;

/// <summary>
/// Plans the daily briefs into channels (the planner job): <see cref="PlanAsync(CancellationToken)"/> records one delivery
/// per conversation and day when its time comes (unique per conversation and brief, so hosts planning at once plan it
/// once) and returns the ones to send, which <see cref="BriefSender"/> sends; <see cref="ReportAsync"/> logs a fan-out
/// once it is settled.
/// </summary>
public sealed class BriefPlanner(
    BrieflyDbContext db,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    IOptions<PacingOptions> pacing,
    ILogger<BriefPlanner> logger)
{
    /// <summary>A brief not sent within this long after its time is not planned any more (<see cref="MessagingOptions.BriefGiveUpAfter"/>).</summary>
    private TimeSpan GiveUpAfter => options.Value.BriefGiveUpAfter;

    /// <summary>
    /// Records the deliveries that have come due (a brief stored after the channel's time is planned when it arrives,
    /// the same day) and returns the ids to send: the new ones and any earlier one still waiting with no host on it.
    /// </summary>
    public Task<IReadOnlyList<long>> PlanAsync(CancellationToken cancellationToken) => PlanAsync(1, cancellationToken);

    /// <inheritdoc cref="PlanAsync(CancellationToken)"/>
    /// <param name="batchSize">
    /// The new deliveries come in runs of this many to one platform account (or a whole multiple of it for an account paced
    /// faster than the slowest), the runs in turn across accounts: each send batch cut from the list at this size keeps to
    /// one account's pace, and the batches keep every account busy at once.
    /// </param>
    /// <param name="cancellationToken">Stops the planning.</param>
    public async Task<IReadOnlyList<long>> PlanAsync(int batchSize, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var scheduled = await db.Conversations.AsNoTracking()
            .Where(c => c.BriefTime != null && !c.Paused && c.BlockedAt == null)
            .ToListAsync(cancellationToken);
        var due = scheduled.Select(c => (Conversation: c, Due: BriefSchedule.Due(c, now))).Where(x => x.Due is not null).ToList();

        var days = due.Select(x => x.Due!.Value.Day).Distinct().ToList();
        // The day's brief is the one a person asking for it gets: the newest version of that date.
        var briefOfDay = (await db.Briefs.AsNoTracking().Where(b => days.Contains(b.Date))
                .Select(b => new { b.Id, b.Date, b.UpdatedAt }).ToListAsync(cancellationToken))
            .GroupBy(b => b.Date).ToDictionary(g => g.Key, g => g.OrderByDescending(b => b.UpdatedAt).First().Id);
        var conversationIds = due.Select(x => x.Conversation.Id).ToList();
        // One brief per channel and day, even if a second brief of the same date arrives later.
        var served = (await db.Deliveries.AsNoTracking()
                .Where(d => conversationIds.Contains(d.ConversationId) && days.Contains(d.Brief.Date))
                .Select(d => new { d.ConversationId, d.Brief.Date }).ToListAsync(cancellationToken))
            .Select(d => (d.ConversationId, d.Date)).ToHashSet();

        var fresh = new List<(Delivery Delivery, string Account, ChatPlatform Platform)>();
        foreach (var (conversation, dueAt) in due)
        {
            var (day, dueAtUtc) = dueAt!.Value;
            if (!briefOfDay.TryGetValue(day, out var briefId) || served.Contains((conversation.Id, day))) continue;
            if (now.UtcDateTime - dueAtUtc > GiveUpAfter) continue;
            fresh.Add((new Delivery { ConversationId = conversation.Id, BriefId = briefId, Status = DeliveryStatus.Planned, DueAt = dueAtUtc },
                $"{conversation.Platform}:{conversation.TenantId}", conversation.Platform));
        }
        var planned = await InsertAsync(Interleaved(fresh, batchSize), cancellationToken);
        var plannedIds = planned.ToHashSet();
        NewFanOuts = [.. fresh.Select(f => f.Delivery).Where(d => plannedIds.Contains(d.Id)).Select(d => new FanOut(d.BriefId, d.DueAt)).Distinct()];

        // Still waiting: released after a failure, or queued but never picked up (its job was lost with a host).
        var (cutoff, utcNow, forgotten) = (now.UtcDateTime - GiveUpAfter, now.UtcDateTime, now.UtcDateTime - BriefSender.ClaimTime);
        var waiting = await db.Deliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Planned && d.DueAt >= cutoff
                && (d.ClaimedUntil == null ? d.DueAt < forgotten : d.ClaimedUntil <= utcNow))
            .Select(d => d.Id).ToListAsync(cancellationToken);
        if (planned.Count + waiting.Count > 0) DeliveryLog.PlanRun(logger, due.Count, planned.Count, waiting.Count);
        return [.. planned.Concat(waiting).Distinct()];
    }

    /// <summary>
    /// The deliveries in runs per platform account, in turn across the accounts (runs to a Slack workspace, a run to a Teams
    /// tenant, the next runs to the workspace...): the send batches cut from the list keep every account's limit busy at
    /// once rather than one after another. An account's run is <paramref name="run"/> times its pace over the slowest
    /// account's (Slack's 95 a second, two runs to each of Teams's 47.5): the workers take the batches in this order, so
    /// with equal runs a fast account would be held to the slow one's pace.
    /// </summary>
    private List<Delivery> Interleaved(List<(Delivery Delivery, string Account, ChatPlatform Platform)> fresh, int run)
    {
        if (fresh.Count == 0) return [];
        var slowest = fresh.Select(f => pacing.Value.For(f.Platform).MessagesPerSecond).Min();
        var queues = fresh.GroupBy(f => f.Account, StringComparer.Ordinal)
            .Select(g => (Runs: Math.Max(1, (int)Math.Round(pacing.Value.For(g.First().Platform).MessagesPerSecond / slowest)),
                Deliveries: new Queue<Delivery>(g.Select(f => f.Delivery))))
            .ToList();
        var order = new List<Delivery>(fresh.Count);
        while (order.Count < fresh.Count)
            foreach (var (runs, queue) in queues)
                for (var i = 0; i < run * runs && queue.TryDequeue(out var delivery); i++) order.Add(delivery);
        return order;
    }

    /// <summary>The fan-outs the last <see cref="PlanAsync(int, CancellationToken)"/> started: each brief's deliveries due at one moment.</summary>
    public IReadOnlyList<FanOut> NewFanOuts { get; private set; } = [];

    /// <summary>
    /// Once every delivery of the fan-out is settled (sent, skipped or failed), logs one line of what became of it and
    /// returns true; false while some are still to be sent.
    /// </summary>
    public async Task<bool> ReportAsync(FanOut fanOut, CancellationToken cancellationToken)
    {
        // A time that went through the job queue may come back without its kind; it was UTC.
        var dueAt = DateTime.SpecifyKind(fanOut.DueAt, DateTimeKind.Utc);
        var rows = await db.Deliveries.AsNoTracking().Where(d => d.BriefId == fanOut.BriefId && d.DueAt == dueAt)
            .Select(d => new { d.Status, d.Attempts, d.SentAt }).ToListAsync(cancellationToken);
        if (rows.Any(d => d.Status == DeliveryStatus.Planned)) return false;
        var lastSent = rows.Max(d => d.SentAt) is { } last ? (last - dueAt).ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture) : "nothing";
        var (sent, skipped, failed) = (rows.Count(d => d.Status == DeliveryStatus.Sent), rows.Count(d => d.Status == DeliveryStatus.Skipped),
            rows.Count(d => d.Status == DeliveryStatus.Failed));
        DeliveryLog.FanOutFinished(logger, failed > 0 ? LogLevel.Warning : LogLevel.Information, fanOut.BriefId, dueAt, rows.Count, sent, skipped, failed,
            rows.Count(d => d.Attempts > 1), lastSent);
        if (rows.Max(d => d.SentAt) is { } lastAt) BrieflyTelemetry.FanOutFinished(lastAt - dueAt);
        return true;
    }

    /// <summary>How many new deliveries are tracked and saved at once: the whole fan-out at once (20,000) held about 100 MB.</summary>
    private const int InsertChunk = 1_000;

    /// <summary>
    /// Stores the new deliveries in one transaction, in chunks the change tracker lets go of once saved. Another host
    /// planning the same minute (unique conversation + brief) makes the transaction fail whole; then each is stored on its
    /// own and the ones the other host planned are left to it.
    /// </summary>
    private async Task<List<long>> InsertAsync(List<Delivery> fresh, CancellationToken cancellationToken)
    {
        if (fresh.Count == 0) return [];
        try
        {
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                foreach (var chunk in fresh.Chunk(InsertChunk))
                {
                    // A retried attempt starts over: ids the rolled-back one was given are not the database's.
                    foreach (var delivery in chunk) delivery.Id = 0;
                    db.Deliveries.AddRange(chunk);
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                }
                await transaction.CommitAsync(ct);
            }, cancellationToken);
            return [.. fresh.Select(d => d.Id)];
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
        }
        var planned = new List<long>();
        foreach (var delivery in fresh)
        {
            var copy = new Delivery { ConversationId = delivery.ConversationId, BriefId = delivery.BriefId, Status = DeliveryStatus.Planned, DueAt = delivery.DueAt };
            db.Deliveries.Add(copy);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                planned.Add(copy.Id);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
            }
        }
        return planned;
    }
}

/// <summary>A brief's deliveries due at one moment: the channels whose brief time came at once, sent as one fan-out.</summary>
public sealed record FanOut(long BriefId, DateTime DueAt);
