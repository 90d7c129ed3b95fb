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
/// Daily briefs into channels: <see cref="PlanAsync(CancellationToken)"/> records one delivery per conversation and day when its time
/// comes (unique per conversation and brief, so hosts planning at once plan it once); <see cref="DeliverAsync"/>
/// sends one, claimed first so that two hosts never send the same delivery, and never again once it is sent.
/// </summary>
public sealed partial class BriefDeliveries(
    BrieflyDbContext db,
    StoryAnswers answers,
    BriefReplyCache replies,
    IEnumerable<IConversationSender> senders,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    ILogger<BriefDeliveries> logger)
{
    /// <summary>How long a host may take to send one brief before another may try.</summary>
    public static readonly TimeSpan ClaimTime = TimeSpan.FromMinutes(5);

    /// <summary>A brief not sent within this long after its time is failed and logged (<see cref="MessagingOptions.BriefGiveUpAfter"/>).</summary>
    private TimeSpan GiveUpAfter => options.Value.BriefGiveUpAfter;

    /// <summary>
    /// Records the deliveries that have come due (a brief stored after the channel's time is planned when it arrives,
    /// the same day) and returns the ids to send: the new ones and any earlier one still waiting with no host on it.
    /// </summary>
    public Task<IReadOnlyList<long>> PlanAsync(CancellationToken cancellationToken) => PlanAsync(1, cancellationToken);

    /// <inheritdoc cref="PlanAsync(CancellationToken)"/>
    /// <param name="batchSize">
    /// The new deliveries come in runs of this many to one platform account, the runs in turn across accounts: each send
    /// batch cut from the list at this size keeps to one account's pace, and the batches keep every account busy at once.
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

        var fresh = new List<(Delivery Delivery, string Account)>();
        foreach (var (conversation, dueAt) in due)
        {
            var (day, dueAtUtc) = dueAt!.Value;
            if (!briefOfDay.TryGetValue(day, out var briefId) || served.Contains((conversation.Id, day))) continue;
            if (now.UtcDateTime - dueAtUtc > GiveUpAfter) continue;
            fresh.Add((new Delivery { ConversationId = conversation.Id, BriefId = briefId, Status = DeliveryStatus.Planned, DueAt = dueAtUtc },
                $"{conversation.Platform}:{conversation.TenantId}"));
        }
        var planned = await InsertAsync(Interleaved(fresh, batchSize), cancellationToken);
        var plannedIds = planned.ToHashSet();
        NewFanOuts = [.. fresh.Select(f => f.Delivery).Where(d => plannedIds.Contains(d.Id)).Select(d => new FanOut(d.BriefId, d.DueAt)).Distinct()];

        // Still waiting: released after a failure, or queued but never picked up (its job was lost with a host).
        var (cutoff, utcNow, forgotten) = (now.UtcDateTime - GiveUpAfter, now.UtcDateTime, now.UtcDateTime - ClaimTime);
        var waiting = await db.Deliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Planned && d.DueAt >= cutoff
                && (d.ClaimedUntil == null ? d.DueAt < forgotten : d.ClaimedUntil <= utcNow))
            .Select(d => d.Id).ToListAsync(cancellationToken);
        if (planned.Count + waiting.Count > 0) LogPlanRun(logger, due.Count, planned.Count, waiting.Count);
        return [.. planned.Concat(waiting).Distinct()];
    }

    /// <summary>
    /// The deliveries in runs of <paramref name="run"/> per platform account, in turn across the accounts (a run to a Slack
    /// workspace, a run to a Teams tenant, the next run to the workspace...): the send batches cut from the list keep every
    /// account's limit busy at once rather than one after another, and no batch waits on the slower account's pace.
    /// </summary>
    private static List<Delivery> Interleaved(List<(Delivery Delivery, string Account)> fresh, int run)
    {
        var queues = fresh.GroupBy(f => f.Account, StringComparer.Ordinal).Select(g => new Queue<Delivery>(g.Select(f => f.Delivery))).ToList();
        var order = new List<Delivery>(fresh.Count);
        while (order.Count < fresh.Count)
            foreach (var queue in queues)
                for (var i = 0; i < run && queue.TryDequeue(out var delivery); i++) order.Add(delivery);
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
        LogFanOut(logger, failed > 0 ? LogLevel.Warning : LogLevel.Information, fanOut.BriefId, dueAt, rows.Count, sent, skipped, failed,
            rows.Count(d => d.Attempts > 1), lastSent);
        if (rows.Max(d => d.SentAt) is { } lastAt) BrieflyTelemetry.FanOutFinished(lastAt - dueAt);
        return true;
    }

    /// <summary>
    /// Stores the new deliveries in one batch. Another host planning the same minute (unique conversation + brief) makes the
    /// batch fail whole; then each is stored on its own and the ones the other host planned are left to it.
    /// </summary>
    private async Task<List<long>> InsertAsync(List<Delivery> fresh, CancellationToken cancellationToken)
    {
        if (fresh.Count == 0) return [];
        db.Deliveries.AddRange(fresh);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
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

    /// <summary>Sends one delivery, unless it is sent, given up, or another host holds it. Safe to run any number of times.</summary>
    /// <returns>When to try again (the platform's Retry-After, else a backoff), or null when the delivery is settled or not ours.</returns>
    public async Task<DateTime?> DeliverAsync(long deliveryId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claimedUntil = now + ClaimTime;
        // Still set from an earlier claim: the host that claimed it died between starting a post and recording it.
        var diedMidSend = await db.Deliveries.AsNoTracking().Where(d => d.Id == deliveryId).Select(d => d.Unsettled).SingleOrDefaultAsync(cancellationToken);
        // Until the platform has been asked what the dead host posted, the delivery stays unsettled, whatever comes.
        var asked = !diedMidSend;
        var claimed = await db.Deliveries
            .Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Planned && (d.ClaimedUntil == null || d.ClaimedUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntil, claimedUntil).SetProperty(d => d.Attempts, d => d.Attempts + 1), cancellationToken);
        if (claimed == 0) return null;

        var delivery = await db.Deliveries.Include(d => d.Conversation).SingleAsync(d => d.Id == deliveryId, cancellationToken);
        var conversation = delivery.Conversation;
        using var activity = BrieflyTelemetry.Source.StartActivity("briefly.send brief")
            ?.SetTag("briefly.platform", conversation.Platform.ToString()).SetTag("briefly.conversation", conversation.ExternalId);
        if (conversation.BlockedAt is not null || conversation.Paused || now - delivery.DueAt > GiveUpAfter)
        {
            await FinishAsync(delivery, DeliveryStatus.Skipped, conversation.BlockedAt is not null ? "blocked" : conversation.Paused ? "paused" : "too late", cancellationToken);
            return null;
        }

        var sender = senders.SingleOrDefault(s => s.Platform == conversation.Platform)
            ?? throw new InvalidOperationException($"No sender for {conversation.Platform} is registered.");
        var version = await db.Briefs.Where(b => b.Id == delivery.BriefId).Select(b => b.UpdatedAt).SingleAsync(cancellationToken);
        var reply = await replies.GetAsync(delivery.BriefId, version, () => answers.BriefAsync(delivery.BriefId, cancellationToken));
        var sentIds = delivery.MessageIds is { } json ? JsonSerializer.Deserialize<List<string>>(json) ?? [] : [];
        var sendKey = $"delivery-{delivery.Id}-brief-{delivery.BriefId}";
        try
        {
            var posted = diedMidSend ? await sender.FindPostedAsync(conversation, sendKey, delivery.DueAt - TimeSpan.FromMinutes(1), cancellationToken) : [];
            asked = true;
            if (posted.Count > sentIds.Count)
            {
                // Posted by the host that died, never recorded: recorded now instead of posted twice.
                LogFoundPosted(logger, delivery.BriefId, conversation.Platform, conversation.ExternalId, posted.Count - sentIds.Count);
                sentIds = [.. posted];
                delivery.MessageIds = JsonSerializer.Serialize(sentIds);
                await db.SaveChangesAsync(CancellationToken.None);
            }
            await sender.SendAsync(conversation, null, reply, sentIds.Count, async id =>
            {
                // Each message is recorded as it goes, so a retry after a failure part-way does not post it twice.
                sentIds.Add(id);
                delivery.MessageIds = JsonSerializer.Serialize(sentIds);
                await db.SaveChangesAsync(CancellationToken.None);
            }, cancellationToken, sendKey, posting: async () =>
            {
                // Only from here could a crash leave a post unrecorded; a host that dies before (waiting for its turn, after
                // a kill mid-batch) leaves nothing to look for on the platform, and the next one posts without asking.
                if (delivery.Unsettled) return;
                delivery.Unsettled = true;
                await db.SaveChangesAsync(CancellationToken.None);
            });
        }
        catch (ConversationUnreachableException e)
        {
            conversation.BlockedAt = now;
            LogUnreachable(logger, conversation.Platform, conversation.ExternalId, e.Message);
            await FinishAsync(delivery, DeliveryStatus.Skipped, e.Message, cancellationToken);
            return null;
        }
        catch (MessageRefusedException e)
        {
            LogRefused(logger, e, delivery.BriefId, conversation.Platform, conversation.ExternalId);
            await FinishAsync(delivery, DeliveryStatus.Failed, e.Message, CancellationToken.None);
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var next = time.GetUtcNow().UtcDateTime + Messaging.Backoff.Next(delivery.Attempts, (e as DeliveryDeferredException)?.RetryAfter);
            if (next - delivery.DueAt > GiveUpAfter)
            {
                LogGaveUp(logger, e, delivery.BriefId, conversation.Platform, conversation.ExternalId, delivery.Attempts, delivery.DueAt + GiveUpAfter);
                await FinishAsync(delivery, DeliveryStatus.Failed, e.Message, CancellationToken.None);
                return null;
            }
            // Released at the next attempt's time: no host takes it before the platform's wait is over.
            delivery.ClaimedUntil = next;
            // A platform's deferral means the message it answered was not posted; any other failure (the record of a
            // post that could not be saved) may follow a post, and a deferral of the question about the dead host's
            // posts (a 429 on Slack's history) answered nothing: then the next attempt asks the platform first.
            delivery.Unsettled = !asked || e is not DeliveryDeferredException;
            delivery.LastError = Shorten(e.Message);
            await db.SaveChangesAsync(CancellationToken.None);
            if (e is DeliveryDeferredException) LogDeferred(logger, delivery.BriefId, conversation.Platform, conversation.ExternalId, e.Message, next);
            else LogDeferredAfterError(logger, e, delivery.BriefId, conversation.Platform, conversation.ExternalId, next);
            BrieflyTelemetry.Delivered(conversation.Platform, "brief", "deferred");
            return next;
        }

        delivery.SentAt = time.GetUtcNow().UtcDateTime;
        await FinishAsync(delivery, DeliveryStatus.Sent, null, cancellationToken);
        LogSent(logger, delivery.BriefId, conversation.Platform, conversation.ExternalId, sentIds.Count);
        return null;
    }

    /// <summary>
    /// Hands a delivery whose send failed outside the platform's answer back for its next attempt at <paramref name="at"/>
    /// (a claim held until then), as far as the database lets it: if it cannot, the claim runs out on its own.
    /// </summary>
    public async Task ReleaseAsync(long deliveryId, DateTime at, CancellationToken cancellationToken)
    {
        try
        {
            await db.Deliveries.Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Planned)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntil, at), cancellationToken);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            LogNotReleased(logger, deliveryId, e.Message);
        }
    }

    private async Task FinishAsync(Delivery delivery, DeliveryStatus status, string? error, CancellationToken cancellationToken)
    {
        delivery.Status = status;
        delivery.ClaimedUntil = null;
        delivery.Unsettled = false;
        delivery.LastError = error is null ? null : Shorten(error);
        await db.SaveChangesAsync(cancellationToken);
        BrieflyTelemetry.Delivered(delivery.Conversation.Platform, "brief", status.ToString().ToLowerInvariant());
    }

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000];

    [LoggerMessage(EventId = 30, Level = LogLevel.Information,
        Message = "Delivery planning: {Due} channels past their brief time today, {Planned} deliveries planned, {Waiting} earlier ones queued again")]
    private static partial void LogPlanRun(ILogger logger, int due, int planned, int waiting);

    [LoggerMessage(EventId = 39,
        Message = "Fan-out of brief {BriefId} due {DueAt:u} finished: {Conversations} conversations, {Sent} sent, {Skipped} skipped, {Failed} failed, {Deferred} deferred at least once; the last sent {LastSentAfter} after its time")]
    private static partial void LogFanOut(ILogger logger, LogLevel level, long briefId, DateTime dueAt, int conversations, int sent, int skipped, int failed,
        int deferred, string lastSentAfter);

    [LoggerMessage(EventId = 28, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} could not be handed back ({Reason}); its claim runs out on its own")]
    private static partial void LogNotReleased(ILogger logger, long deliveryId, string reason);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "Delivered brief {BriefId} to {Platform} conversation {Channel} in {Messages} messages")]
    private static partial void LogSent(ILogger logger, long briefId, ChatPlatform platform, string channel, int messages);

    [LoggerMessage(EventId = 34, Level = LogLevel.Information, Message = "Deferred brief {BriefId} to {Platform} conversation {Channel} ({Reason}); next attempt at {NextAttemptAt:u}")]
    private static partial void LogDeferred(ILogger logger, long briefId, ChatPlatform platform, string channel, string reason, DateTime nextAttemptAt);

    [LoggerMessage(EventId = 38, Level = LogLevel.Warning, Message = "Deferred brief {BriefId} to {Platform} conversation {Channel} after an unexpected error; next attempt at {NextAttemptAt:u}")]
    private static partial void LogDeferredAfterError(ILogger logger, Exception exception, long briefId, ChatPlatform platform, string channel, DateTime nextAttemptAt);

    [LoggerMessage(EventId = 35, Level = LogLevel.Error, Message = "{Platform} refused brief {BriefId} for conversation {Channel}; it is not sent there")]
    private static partial void LogRefused(ILogger logger, Exception exception, long briefId, ChatPlatform platform, string channel);

    [LoggerMessage(EventId = 33, Level = LogLevel.Error,
        Message = "Gave up delivering brief {BriefId} to {Platform} conversation {Channel} after {Attempts} attempts: not sent by {GiveUpAt:u}")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, long briefId, ChatPlatform platform, string channel, int attempts, DateTime giveUpAt);

    [LoggerMessage(EventId = 36, Level = LogLevel.Warning,
        Message = "Brief {BriefId} was posted to {Platform} conversation {Channel} ({Messages} messages) by a host that stopped before recording it; recorded, not posted again")]
    private static partial void LogFoundPosted(ILogger logger, long briefId, ChatPlatform platform, string channel, int messages);

    [LoggerMessage(EventId = 32, Level = LogLevel.Warning, Message = "{Platform} conversation {Channel} can no longer be posted to ({Reason}); its briefs stop")]
    private static partial void LogUnreachable(ILogger logger, ChatPlatform platform, string channel, string reason);
}

/// <summary>A brief's deliveries due at one moment: the channels whose brief time came at once, sent as one fan-out.</summary>
public sealed record FanOut(long BriefId, DateTime DueAt);
