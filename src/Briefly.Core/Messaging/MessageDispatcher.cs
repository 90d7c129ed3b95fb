using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Briefly.Core.Messaging;

/// <summary>
/// Each host's worker for the inbox and the outbox: answers accepted messages and sends queued ones as they come due,
/// woken at once by this host's <see cref="DispatchSignal"/> and polling every second for what other hosts stored or a
/// Retry-After released. Messages to one conversation go out one at a time, in the order they were queued.
/// </summary>
public sealed class MessageDispatcher(IServiceScopeFactory scopes, DispatchSignal signal, TimeProvider time, ILogger<MessageDispatcher> logger)
    : BackgroundService
{
    private const int InboundBatch = 8;
    private const int OutboundBatch = 16;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan KeepFor = TimeSpan.FromDays(7);
    private DateTime _nextCleanup;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var worked = false;
            try
            {
                worked = await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be away for a moment; the messages wait for it, and so does this loop.
                MessagingLog.DispatchFailed(logger, e);
            }
            if (!worked)
            {
                try
                {
                    await signal.WaitAsync(Poll, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One round: what is due now, handled and sent side by side. True when there was anything to do.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        List<long> inbound, outbound;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BrieflyDbContext>();
            inbound = await db.InboundMessages.AsNoTracking()
                .Where(m => m.Status == InboundStatus.Pending && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil <= now))
                .OrderBy(m => m.Id).Select(m => m.Id).Take(InboundBatch).ToListAsync(cancellationToken);
            outbound = await db.OutboundMessages.AsNoTracking()
                .Where(m => m.Status == DeliveryStatus.Planned && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil <= now)
                    && !db.OutboundMessages.Any(earlier => earlier.ConversationId == m.ConversationId && earlier.Status == DeliveryStatus.Planned && earlier.Id < m.Id))
                .OrderBy(m => m.Id).Select(m => m.Id).Take(OutboundBatch).ToListAsync(cancellationToken);
            if (now >= _nextCleanup) await CleanUpAsync(db, now, cancellationToken);
        }
        if (inbound.Count == 0 && outbound.Count == 0) return false;

        await Task.WhenAll([
            .. inbound.Select(id => RunAsync<InboundWork>(work => work.HandleAsync(id, cancellationToken))),
            .. outbound.Select(id => RunAsync<OutboundWork>(work => work.SendAsync(id, cancellationToken))),
        ]);
        return true;
    }

    private async Task RunAsync<TWork>(Func<TWork, Task> run) where TWork : notnull
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await run(scope.ServiceProvider.GetRequiredService<TWork>());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The work records its own failures; this is the database failing under it. Its claim runs out and it is tried again.
            MessagingLog.WorkFailed(logger, e, typeof(TWork).Name);
        }
    }

    /// <summary>Handled messages are kept a week: long past the platforms' retries, and long enough to look into a complaint.</summary>
    private async Task CleanUpAsync(BrieflyDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        _nextCleanup = now + TimeSpan.FromHours(1);
        var before = now - KeepFor;
        await db.OutboundMessages.Where(m => m.Status != DeliveryStatus.Planned && m.CreatedAt < before).ExecuteDeleteAsync(cancellationToken);
        await db.InboundMessages.Where(m => m.Status != InboundStatus.Pending && m.ReceivedAt < before).ExecuteDeleteAsync(cancellationToken);
    }
}
