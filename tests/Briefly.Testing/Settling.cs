using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Briefly.Testing;

/// <summary>Waiting, as a person waits for the bot, until a host has answered what it accepted and sent what it queued.</summary>
public static class Settling
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Polls the inbox and outbox with a new context each time until nothing is waiting there (sent, failed or skipped).</summary>
    public static Task WaitAsync(Func<BrieflyDbContext> context) => WaitAsync(async () =>
    {
        await using var db = context();
        return await IsSettledAsync(db);
    });

    /// <summary>The same, reading through a host's own services.</summary>
    public static Task WaitAsync(IServiceProvider services) => WaitAsync(async () =>
    {
        await using var scope = services.CreateAsyncScope();
        return await IsSettledAsync(scope.ServiceProvider.GetRequiredService<BrieflyDbContext>());
    });

    private static async Task WaitAsync(Func<Task<bool>> settled)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await settled())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Messages were still waiting in the inbox or outbox.");
            await Task.Delay(50);
        }
    }

    private static async Task<bool> IsSettledAsync(BrieflyDbContext db) =>
        !await db.InboundMessages.AnyAsync(m => m.Status == InboundStatus.Pending)
        && !await db.OutboundMessages.AnyAsync(m => m.Status == DeliveryStatus.Planned);
}
