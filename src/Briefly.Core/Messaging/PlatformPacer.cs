using System.Collections.Concurrent;
using Briefly.Core.Deliveries;
using Briefly.Core.Telemetry;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Briefly.Core.Messaging;

/// <summary>
/// Paces every message a host posts to the platforms' limits: per platform account (a Slack workspace, a Teams tenant)
/// through a <see cref="PacingBucket"/> shared by all hosts in the database, and within one conversation by a gap
/// between its messages, whichever send they belong to (a brief, a reply, a welcome). A sender asks for a turn before
/// each post and waits for it, so a fan-out to thousands of channels runs at the limit instead of into 429s.
/// </summary>
/// <remarks>
/// Slots are reserved in small blocks (a quarter of a second's worth) so the database sees a few updates a second per
/// account, not one per message. A slot not used in time is given up, never spent later in a burst: the hosts together
/// stay under the rate even when one of them is idle or stopped.
/// </remarks>
public sealed class PlatformPacer(IServiceScopeFactory scopes, IOptions<PacingOptions> options, TimeProvider time)
{
    private static readonly TimeSpan BlockLength = TimeSpan.FromSeconds(0.25);
    private readonly ConcurrentDictionary<string, Block> _blocks = new(StringComparer.Ordinal);

    /// <summary>When each conversation this host posted to last had a message: the gap is kept between any two sends.</summary>
    private readonly Dictionary<string, DateTime> _lastPosts = new(StringComparer.Ordinal);
    private int _pruneLastPostsAt = 1024;

    /// <summary>
    /// The turns of one reply or brief into one conversation: each at the account's next slot, and at least the gap after
    /// the conversation's last message from this host.
    /// </summary>
    public ConversationTurns Turns(ChatPlatform platform, string? tenantId, string conversationId) =>
        new(this, platform, Key(platform, tenantId), $"{Key(platform, tenantId)}/{conversationId}");

    /// <summary>The next free slot of the account, reserved for the caller (and never given to another host).</summary>
    public async Task<DateTime> ReserveAsync(ChatPlatform platform, string key, CancellationToken cancellationToken) =>
        (await ReserveAsync(key, Interval(platform), horizon: null, cancellationToken)).Slot;

    /// <summary>
    /// A turn at the workspace's Slack <c>conversations.history</c> calls, paced apart from its messages (Slack limits each
    /// Web API method on its own: history is Tier 3, https://docs.slack.dev/apis/web-api/rate-limits) through a bucket of
    /// its own shared by all hosts. Waits for the turn and returns null when it comes within <paramref name="longestWait"/>;
    /// otherwise reserves nothing and returns how long until the bucket is expected to have room, for the caller to come back then.
    /// </summary>
    /// <remarks>
    /// The caller holds a delivery's claim while it waits: a wait longer than the claim would let another host take the
    /// delivery over, and a slot taken and then given up by a caller that stopped waiting would be lost to everyone.
    /// </remarks>
    public async Task<TimeSpan?> HistoryTurnAsync(string? workspaceId, TimeSpan longestWait, CancellationToken cancellationToken)
    {
        var key = HistoryKey(workspaceId);
        var interval = TimeSpan.FromMinutes(1) / options.Value.Slack.HistoryCallsPerMinute;
        while (true)
        {
            var (slot, reserved) = await ReserveAsync(key, interval, longestWait, cancellationToken);
            if (!reserved) return slot - Now;
            await DelayUntilAsync(slot, cancellationToken);
            // A 429 on history while this turn waited: its slot is inside the hold, so it is given up for a new one.
            if (HeldUntil(key) <= Now) return null;
        }
    }

    /// <summary>Slack answered a history call with 429: no history call to that workspace goes before its Retry-After, from any host.</summary>
    public Task HoldHistoryAsync(string? workspaceId, TimeSpan wait, CancellationToken cancellationToken)
    {
        BrieflyTelemetry.RateLimited(ChatPlatform.Slack);
        return HoldAsync(HistoryKey(workspaceId), wait, cancellationToken);
    }

    /// <summary>
    /// The next free slot of the bucket, reserved, unless it lies more than <paramref name="horizon"/> ahead: then nothing is
    /// reserved and the slot returned is the earliest the bucket may have one.
    /// </summary>
    private async Task<(DateTime Slot, bool Reserved)> ReserveAsync(string key, TimeSpan interval, TimeSpan? horizon, CancellationToken cancellationToken)
    {
        var block = _blocks.GetOrAdd(key, _ => new Block());
        await block.Gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow().UtcDateTime;
            // Slots of this block already in the past are given up: using them now would send faster than the rate.
            if (block.Next < now) block.Next = now;
            if (block.Next < block.HeldUntil) block.Next = block.HeldUntil;
            if (block.Next - now > horizon) return (block.Next, false);
            if (block.Next + interval > block.End)
            {
                var count = Math.Max(1, (int)(BlockLength / interval));
                var (start, reserved) = await ReserveBlockAsync(key, count, interval, horizon, cancellationToken);
                if (!reserved) return (start, false);
                block.Next = start;
                block.End = block.Next + interval * count;
            }
            var slot = block.Next;
            block.Next += interval;
            return (slot, true);
        }
        finally
        {
            block.Gate.Release();
        }
    }

    /// <summary>
    /// The platform answered 429 with a Retry-After: no message to that account goes before it is over, from this host
    /// (turns already reserved wait too) or any other (the shared bucket is moved past it).
    /// </summary>
    public Task HoldAsync(ChatPlatform platform, string? tenantId, TimeSpan wait, CancellationToken cancellationToken)
    {
        BrieflyTelemetry.RateLimited(platform);
        return HoldAsync(Key(platform, tenantId), wait, cancellationToken);
    }

    /// <summary>
    /// The platform answered a server error (a 503 and kin) with a Retry-After: it said it cannot take the account's messages
    /// for that long, so none goes before it is over, as after a 429 (but not counted as a rate limit).
    /// </summary>
    public Task PauseAsync(ChatPlatform platform, string? tenantId, TimeSpan wait, CancellationToken cancellationToken) =>
        HoldAsync(Key(platform, tenantId), wait, cancellationToken);

    private async Task HoldAsync(string key, TimeSpan wait, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow().UtcDateTime + wait;
        var block = _blocks.GetOrAdd(key, _ => new Block());
        lock (block)
        {
            if (until > block.HeldUntil) block.HeldUntil = until;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrieflyDbContext>();
        await db.PacingBuckets.Where(b => b.Key == key && b.NextSlotAt < until)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.NextSlotAt, until), cancellationToken);
    }

    internal DateTime HeldUntil(string key) => _blocks.TryGetValue(key, out var block) ? block.HeldUntil : default;

    internal static string Key(ChatPlatform platform, string? tenantId) => $"{platform}:{tenantId ?? "-"}";

    /// <summary>A bucket apart from the workspace's messages: "Slack-history:T0123".</summary>
    internal static string HistoryKey(string? workspaceId) => $"{ChatPlatform.Slack}-history:{workspaceId ?? "-"}";

    /// <summary>
    /// How late a turn may come for its slot and still take it. Messages bunched this much stay within the 5 % a pace keeps
    /// below a platform's limit (at Teams's 47.5 a second, about 2.4 of the 2.5 a second spare).
    /// </summary>
    internal static readonly TimeSpan LateTurn = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The longest a turn waits out holds on its account in the process. Beyond it the send is handed back as deferred
    /// (its delivery's claim set to the hold's end), so a long outage does not keep it waiting past its claim.
    /// </summary>
    internal static readonly TimeSpan LongestHold = TimeSpan.FromSeconds(30);

    internal TimeSpan Gap(ChatPlatform platform) => options.Value.For(platform).ConversationGap;

    /// <summary>When the conversation may have its next message: the gap after its last one from this host.</summary>
    internal DateTime ConversationFreeAt(string conversation, TimeSpan gap)
    {
        lock (_lastPosts) return _lastPosts.TryGetValue(conversation, out var last) ? last + gap : DateTime.MinValue;
    }

    /// <summary>Takes the conversation's turn now, unless another send posted to it less than the gap ago.</summary>
    internal bool TryTakeConversation(string conversation, TimeSpan gap)
    {
        lock (_lastPosts)
        {
            var now = Now;
            if (_lastPosts.TryGetValue(conversation, out var last) && now < last + gap) return false;
            _lastPosts[conversation] = now;
            if (_lastPosts.Count >= _pruneLastPostsAt)
            {
                // No gap is longer than a minute (PacingOptions): older entries hold nothing back.
                var stale = _lastPosts.Where(p => now - p.Value > TimeSpan.FromMinutes(1)).Select(p => p.Key).ToList();
                foreach (var key in stale) _lastPosts.Remove(key);
                _pruneLastPostsAt = Math.Max(1024, _lastPosts.Count * 2);
            }
            return true;
        }
    }

    internal Task DelayUntilAsync(DateTime at, CancellationToken cancellationToken)
    {
        var wait = at - time.GetUtcNow().UtcDateTime;
        return wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
    }

    internal DateTime Now => time.GetUtcNow().UtcDateTime;

    private TimeSpan Interval(ChatPlatform platform) => TimeSpan.FromSeconds(1 / options.Value.For(platform).MessagesPerSecond);

    /// <summary>
    /// Moves the shared bucket on by <paramref name="count"/> slots from where it stands (or from now, when it stands in
    /// the past), only if no other host moved it since it was read; returns the first of the slots. Where it stands more
    /// than <paramref name="horizon"/> ahead, it is left there and that time returned, not reserved.
    /// </summary>
    private async Task<(DateTime Start, bool Reserved)> ReserveBlockAsync(string key, int count, TimeSpan interval, TimeSpan? horizon,
        CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrieflyDbContext>();
        while (true)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var stored = await db.PacingBuckets.AsNoTracking().Where(b => b.Key == key).Select(b => (DateTime?)b.NextSlotAt).SingleOrDefaultAsync(cancellationToken);
            if (stored is not { } seen)
            {
                db.PacingBuckets.Add(new PacingBucket { Key = key, NextSlotAt = now + interval * count });
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return (now, true);
                }
                catch (DbUpdateException)
                {
                    // Another host made the bucket first: take slots from it as from any other.
                    db.ChangeTracker.Clear();
                    continue;
                }
            }
            var start = seen > now ? seen : now;
            if (start - now > horizon) return (start, false);
            var end = start + interval * count;
            var moved = await db.PacingBuckets.Where(b => b.Key == key && b.NextSlotAt == seen)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.NextSlotAt, end), cancellationToken);
            if (moved == 1) return (start, true);
        }
    }

    private sealed class Block
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public DateTime Next { get; set; }

        public DateTime End { get; set; }

        public DateTime HeldUntil { get; set; }
    }
}

/// <summary>The posts of one reply or brief into one conversation, in order: each waits for its account's slot and the conversation's gap.</summary>
public sealed class ConversationTurns(PlatformPacer pacer, ChatPlatform platform, string key, string conversation)
{
    /// <summary>Waits until the next message may be posted.</summary>
    /// <remarks>
    /// The conversation's gap is waited out before the account's slot is reserved, and a slot that a 429 overtook is
    /// given up for a new one: a message always goes at the slot it holds, so turns never bunch onto one moment.
    /// </remarks>
    /// <exception cref="DeliveryDeferredException">The account is held longer than <see cref="PlatformPacer.LongestHold"/>.</exception>
    public async Task NextAsync(CancellationToken cancellationToken)
    {
        var asked = pacer.Now;
        var gap = pacer.Gap(platform);
        while (true)
        {
            await pacer.DelayUntilAsync(pacer.ConversationFreeAt(conversation, gap), cancellationToken);
            var slot = await pacer.ReserveAsync(platform, key, cancellationToken);
            if (pacer.HeldUntil(key) is var held && held > asked + PlatformPacer.LongestHold)
                throw new DeliveryDeferredException($"{platform} asked to wait until {held:HH:mm:ss} UTC.", held - pacer.Now);
            await pacer.DelayUntilAsync(slot, cancellationToken);
            // A turn that comes well after its slot (the host stalled: a collection, a processor shared with others) would go
            // out bunched with the slots after it and could break the platform's window, so it takes a new slot instead.
            if (pacer.HeldUntil(key) > pacer.Now || pacer.Now - slot > PlatformPacer.LateTurn) continue;
            // Another send to the conversation (a welcome beside a brief) went while this one waited: after the gap again.
            if (pacer.TryTakeConversation(conversation, gap)) return;
        }
    }
}
