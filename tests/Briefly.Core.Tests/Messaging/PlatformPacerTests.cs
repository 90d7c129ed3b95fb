using Briefly.Core.Messaging;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Briefly.Core.Tests.Messaging;

/// <summary>The send slots of one platform account, handed out to several hosts at once through a real database.</summary>
public sealed class PlatformPacerTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_hosts_taking_turns_at_once_never_get_the_same_slot_or_two_slots_closer_than_the_rate(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var pace = new PacingOptions { Slack = new SlackPace { MessagesPerSecond = 200, ConversationGap = TimeSpan.FromSeconds(1) } };
        using var first = Host(database, pace);
        using var second = Host(database, pace);
        var pacers = new[] { first, second }.Select(h => h.Services.GetRequiredService<PlatformPacer>()).ToArray();

        // 8 senders per host, 25 turns each, all on one workspace; another workspace's turns are its own.
        var slots = await Task.WhenAll(pacers.SelectMany(pacer => Enumerable.Range(0, 8).Select(async _ =>
        {
            var mine = new List<DateTime>();
            for (var i = 0; i < 25; i++) mine.Add(await pacer.ReserveAsync(ChatPlatform.Slack, "Slack:T1", CancellationToken.None));
            return mine;
        })));
        var other = await pacers[0].ReserveAsync(ChatPlatform.Slack, "Slack:T2", CancellationToken.None);

        var all = slots.SelectMany(s => s).Order().ToList();
        Assert.Equal(400, all.Count);
        var interval = TimeSpan.FromSeconds(1.0 / 200);
        Assert.All(all.Zip(all.Skip(1)), pair => Assert.True(pair.Second - pair.First >= interval - TimeSpan.FromTicks(10),
            $"slots {pair.First:HH:mm:ss.fffffff} and {pair.Second:HH:mm:ss.fffffff} are closer than {interval.TotalMilliseconds} ms"));
        Assert.True(other < all[^1], "another workspace does not wait behind this one");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_429_holds_the_account_on_every_host_turns_already_waiting_included_and_no_other_account(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        // A slot every 4 s: the waiting turn's comes 8 s on, so a slow machine setting up the hold cannot reach it first.
        var pace = new PacingOptions { Teams = new PlatformPace { MessagesPerSecond = 0.25, ConversationGap = TimeSpan.Zero } };
        using var first = Host(database, pace);
        using var second = Host(database, pace);
        var (here, there) = (first.Services.GetRequiredService<PlatformPacer>(), second.Services.GetRequiredService<PlatformPacer>());

        // Both hosts have used the tenant, so each holds a block of its slots; a turn here is waiting for its slot.
        await here.Turns(ChatPlatform.Teams, "tenant-1", "19:a").NextAsync(CancellationToken.None);
        await there.Turns(ChatPlatform.Teams, "tenant-1", "19:a").NextAsync(CancellationToken.None);
        var waiting = here.Turns(ChatPlatform.Teams, "tenant-1", "19:a").NextAsync(CancellationToken.None);

        var heldAt = DateTime.UtcNow;
        // Longer than the waiting turn's 8 s, so its slot lies inside the hold.
        var hold = TimeSpan.FromSeconds(10);
        await here.HoldAsync(ChatPlatform.Teams, "tenant-1", hold, CancellationToken.None);
        var elsewhere = there.Turns(ChatPlatform.Teams, "tenant-1", "19:a").NextAsync(CancellationToken.None);
        var otherTenant = there.Turns(ChatPlatform.Teams, "tenant-2", "19:c").NextAsync(CancellationToken.None);

        await otherTenant;
        Assert.False(waiting.IsCompleted, "the turn that was waiting here went inside the hold");
        Assert.False(elsewhere.IsCompleted, "the other host's turn went inside the hold");
        await Task.WhenAll(waiting, elsewhere);
        Assert.True(DateTime.UtcNow >= heldAt + hold - TimeSpan.FromMilliseconds(20), "a turn went before the hold was over");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Slack_history_calls_take_turns_of_their_own_shared_by_hosts_and_a_turn_booked_too_far_ahead_is_left_untaken(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        // One history call a minute: the second turn is a minute after the first, whichever host asks.
        var pace = new PacingOptions { Slack = new SlackPace { MessagesPerSecond = 90, ConversationGap = TimeSpan.Zero, HistoryCallsPerMinute = 1 } };
        using var first = Host(database, pace);
        using var second = Host(database, pace);
        var (here, there) = (first.Services.GetRequiredService<PlatformPacer>(), second.Services.GetRequiredService<PlatformPacer>());

        Assert.Null(await here.HistoryTurnAsync("T1", TimeSpan.FromSeconds(5), CancellationToken.None));
        var busy = await there.HistoryTurnAsync("T1", TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.NotNull(busy);
        Assert.InRange(busy.Value, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(61));
        // Asking again takes nothing: the turn is still where it was, not pushed on by the turns that were refused.
        Assert.InRange((await there.HistoryTurnAsync("T1", TimeSpan.FromSeconds(5), CancellationToken.None))!.Value, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(61));
        // Another workspace's history, and this workspace's messages, are not held up by it.
        Assert.Null(await there.HistoryTurnAsync("T2", TimeSpan.FromSeconds(5), CancellationToken.None));
        await there.Turns(ChatPlatform.Slack, "T1", "C1").NextAsync(CancellationToken.None);

        // A 429 on history holds that workspace's history calls on every host for its Retry-After, and no messages.
        await there.HoldHistoryAsync("T2", TimeSpan.FromMinutes(10), CancellationToken.None);
        Assert.True(await here.HistoryTurnAsync("T2", TimeSpan.FromMinutes(1), CancellationToken.None) > TimeSpan.FromMinutes(9));
        Assert.True(await there.HistoryTurnAsync("T2", TimeSpan.FromMinutes(1), CancellationToken.None) > TimeSpan.FromMinutes(9));
        await here.Turns(ChatPlatform.Slack, "T2", "C2").NextAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_turn_that_comes_late_for_its_slot_takes_a_new_one_instead_of_going_bunched_with_the_next()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        // A slot every 100 ms.
        using var host = Host(database, new PacingOptions { Teams = new PlatformPace { MessagesPerSecond = 10, ConversationGap = TimeSpan.Zero } }, clock);
        var pacer = host.Services.GetRequiredService<PlatformPacer>();
        var turns = pacer.Turns(ChatPlatform.Teams, "tenant-1", "19:a");
        await turns.NextAsync(CancellationToken.None);

        // The next turn waits for its slot 100 ms on, and the host stalls for a second: its wait ends 900 ms late.
        var late = turns.NextAsync(CancellationToken.None);
        await Task.Delay(100);
        clock.Advance(TimeSpan.FromSeconds(1));
        await late;

        // It took the slot of the time it came, so the next free one is a whole interval after that.
        var next = await pacer.ReserveAsync(ChatPlatform.Teams, "Teams:tenant-1", CancellationToken.None);
        Assert.True(next >= clock.GetUtcNow().UtcDateTime + TimeSpan.FromMilliseconds(100),
            $"the late turn went at its stale slot: the next free slot is {next:HH:mm:ss.fff} at {clock.GetUtcNow():HH:mm:ss.fff}");
    }

    [Fact]
    public async Task Two_sends_into_one_conversation_keep_its_gap_between_them_and_another_conversation_does_not_wait()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var gap = TimeSpan.FromSeconds(1.5);
        using var host = Host(database, new PacingOptions { Slack = new SlackPace { MessagesPerSecond = 90, ConversationGap = gap } });
        var pacer = host.Services.GetRequiredService<PlatformPacer>();

        // A welcome and a brief into one channel at once, each a send of its own; and a reply in another channel.
        var turns = new[] { "C1", "C1", "C2" }.Select(channel => (Channel: channel, Turn: pacer.Turns(ChatPlatform.Slack, "T1", channel))).ToList();
        var went = await Task.WhenAll(turns.Select(async t =>
        {
            await t.Turn.NextAsync(CancellationToken.None);
            return (t.Channel, At: DateTime.UtcNow);
        }));

        var intoC1 = went.Where(w => w.Channel == "C1").Select(w => w.At).Order().ToList();
        Assert.True(intoC1[1] - intoC1[0] >= gap - TimeSpan.FromMilliseconds(20),
            $"two messages went into one channel {(intoC1[1] - intoC1[0]).TotalMilliseconds:F0} ms apart");
        Assert.True(went.Single(w => w.Channel == "C2").At < intoC1[1], "another channel waited behind the first one's gap");
    }

    [Fact]
    public async Task A_hold_longer_than_a_turn_waits_hands_the_send_back_deferred_to_the_holds_end()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = Host(database, new PacingOptions { Teams = new PlatformPace { MessagesPerSecond = 10, ConversationGap = TimeSpan.Zero } });
        var pacer = host.Services.GetRequiredService<PlatformPacer>();

        // An outage's 503 said Retry-After: 120: the turn does not sit out two minutes holding its delivery's claim.
        await pacer.PauseAsync(ChatPlatform.Teams, "tenant-1", TimeSpan.FromMinutes(2), CancellationToken.None);
        var deferred = await Assert.ThrowsAsync<Briefly.Core.Deliveries.DeliveryDeferredException>(
            () => pacer.Turns(ChatPlatform.Teams, "tenant-1", "19:a").NextAsync(CancellationToken.None));

        Assert.InRange(deferred.RetryAfter!.Value, TimeSpan.FromSeconds(100), TimeSpan.FromMinutes(2));
        // A hold within the longest wait is waited out in the process, as before.
        await pacer.PauseAsync(ChatPlatform.Teams, "tenant-2", TimeSpan.FromSeconds(1), CancellationToken.None);
        await pacer.Turns(ChatPlatform.Teams, "tenant-2", "19:b").NextAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("Pacing:Slack:HistoryCallsPerMinute", "0")]
    [InlineData("Pacing:Slack:MessagesPerSecond", "0")]
    [InlineData("Pacing:Teams:ConversationGap", "00:05:00")]
    public async Task A_wrong_pace_fails_at_start_naming_the_key(string key, string value)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        builder.AddBrieflyCore();
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(key[(key.LastIndexOf(':') + 1)..], failure.Message);
    }

    private static IHost Host(TestDatabase database, PacingOptions pace, TimeProvider? clock = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(database.HostSettings());
        builder.AddBrieflyData();
        builder.AddBrieflyCore();
        builder.Services.AddSingleton(Options.Create(pace));
        if (clock is not null) builder.Services.AddSingleton(clock);
        return builder.Build();
    }
}
