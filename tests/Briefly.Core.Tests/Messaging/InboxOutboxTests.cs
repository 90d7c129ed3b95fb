using Briefly.Core.Conversations;
using Briefly.Core.Tests.Deliveries;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Briefly.Core.Tests.Messaging;

/// <summary>
/// What people say, from the moment an edge accepts it to the answer leaving: on a real database, with a scripted platform
/// that fails, defers and refuses as a test tells it, and a clock of the test's own.
/// </summary>
public sealed class InboxOutboxTests
{
    private static readonly DateTimeOffset Noon = new(2026, 4, 29, 4, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_message_is_answered_once_however_often_the_platform_delivers_it(DatabaseProvider provider)
    {
        await using var world = await World.StartAsync(provider, Noon);

        Assert.True(await world.AcceptAsync("subscribe DeepSeek", "Ev1"));
        Assert.False(await world.AcceptAsync("subscribe DeepSeek", "Ev1"));
        await world.DispatchAsync();
        Assert.False(await world.AcceptAsync("subscribe DeepSeek", "Ev1"));
        await world.DispatchAsync();

        var (_, reply, _) = Assert.Single(world.Sender.Sent);
        Assert.False(Assert.IsType<SubscribedReply>(reply).AlreadyFollowing);
        Assert.Equal("{\"route\":\"Ev1\"}", Assert.Single(world.Sender.Routes));
        await using var db = world.Database.CreateContext();
        Assert.Equal(1, await db.TopicSubscriptions.CountAsync());
        Assert.Equal(InboundStatus.Handled, (await db.InboundMessages.SingleAsync()).Status);
        Assert.Equal(DeliveryStatus.Sent, (await db.OutboundMessages.SingleAsync()).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_new_persons_first_messages_in_several_places_at_once_make_one_person_and_are_each_answered_at_once(DatabaseProvider provider)
    {
        await using var world = await World.StartAsync(provider, Noon);
        const int people = 6;
        for (var person = 0; person < people; person++)
        {
            Assert.True(await world.AcceptAsync("latest on DeepSeek", $"Ev{person}a", user: $"U{person}", conversation: $"D{person}"));
            Assert.True(await world.AcceptAsync("help", $"Ev{person}b", user: $"U{person}", conversation: "C1", kind: ConversationKind.Channel));
            Assert.True(await world.AcceptAsync("subscribe Huawei", $"Ev{person}c", user: $"U{person}", conversation: "C2", kind: ConversationKind.Channel));
        }
        await using var db = world.Database.CreateContext();
        var ids = await db.InboundMessages.Select(m => m.Id).ToListAsync();

        // All at once, and not again: the world's clock stands still, so a message put off to a retry stays unanswered.
        await world.HandleAtOnceAsync(ids);

        Assert.Equal(people, await db.Users.CountAsync());
        Assert.Equal(2, await db.Conversations.CountAsync(c => c.Kind == ConversationKind.Channel));
        Assert.All(await db.InboundMessages.ToListAsync(), m => Assert.True(m.Status == InboundStatus.Handled && m.Attempts == 1,
            $"{m.EventId}: {m.Status} after {m.Attempts} attempts ({m.LastError})"));
        Assert.Equal(ids.Count, await db.OutboundMessages.CountAsync(m => m.Kind == OutboundKind.Reply));
    }

    [Fact]
    public async Task A_failed_send_is_retried_until_it_goes_and_a_rate_limit_is_waited_out_to_the_second()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, Noon);
        world.Sender.FailAfter = 0;
        await world.AcceptAsync("latest on DeepSeek", "Ev1");
        await world.DispatchAsync();
        Assert.Empty(world.Sender.Sent);
        world.Sender.FailAfter = null;

        world.Sender.Defer = TimeSpan.FromSeconds(30);
        world.Time.Advance(TimeSpan.FromSeconds(5));
        await world.DispatchAsync();
        world.Sender.Defer = null;
        world.Time.Advance(TimeSpan.FromSeconds(29));
        await world.DispatchAsync();
        Assert.Empty(world.Sender.Sent);

        world.Time.Advance(TimeSpan.FromSeconds(1));
        await world.DispatchAsync();
        Assert.IsType<AnswerReply>(Assert.Single(world.Sender.Sent).Reply);
        await using var db = world.Database.CreateContext();
        var sent = await db.OutboundMessages.SingleAsync();
        Assert.Equal((DeliveryStatus.Sent, 3), (sent.Status, sent.Attempts));
    }

    [Fact]
    public async Task Answers_in_one_conversation_keep_their_order_while_the_first_waits()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, Noon);
        world.Sender.Defer = TimeSpan.FromSeconds(10);
        await world.AcceptAsync("latest on DeepSeek", "Ev1");
        await world.DispatchAsync();
        world.Sender.Defer = null;
        await world.AcceptAsync("my topics", "Ev2");
        await world.AcceptAsync("help", "Ev3", conversation: "D2", user: "U2");
        await world.DispatchAsync();

        // Another conversation is not held up; this one's second answer waits for its first.
        Assert.IsType<HelpReply>(Assert.Single(world.Sender.Sent).Reply);
        world.Time.Advance(TimeSpan.FromSeconds(10));
        await world.DispatchAsync();
        Assert.Equal([typeof(HelpReply), typeof(AnswerReply), typeof(TopicsReply)], world.Sender.Sent.Select(s => s.Reply.GetType()));
    }

    [Fact]
    public async Task Handling_that_keeps_failing_ends_in_one_apology_and_the_failure_is_kept()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, Noon);
        // The stories are away: every answer fails, but the person and the place can still be recorded for an apology.
        await using (var db = world.Database.CreateContext())
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"Stories\" RENAME TO \"Away\"");

        await world.AcceptAsync("subscribe DeepSeek", "Ev1");
        for (var minute = 0; minute <= 11; minute++)
        {
            await world.DispatchAsync();
            world.Time.Advance(TimeSpan.FromMinutes(1));
        }
        await world.DispatchAsync();

        Assert.IsType<ApologyReply>(Assert.Single(world.Sender.Sent).Reply);
        await using var check = world.Database.CreateContext();
        var inbound = await check.InboundMessages.SingleAsync();
        Assert.Equal(InboundStatus.Failed, inbound.Status);
        Assert.True(inbound.Attempts > 3, $"{inbound.Attempts} attempts");
        Assert.Contains("Stories", inbound.LastError);
    }

    [Fact]
    public async Task A_handling_failure_that_passes_is_answered_once_with_nothing_half_done()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, Noon);
        await using (var db = world.Database.CreateContext())
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"TopicSubscriptions\" RENAME TO \"Away\"");
        await world.AcceptAsync("subscribe DeepSeek", "Ev1");
        await world.DispatchAsync();

        await using (var db = world.Database.CreateContext())
        {
            // The failed attempt left no person, no channel, nothing queued: its transaction was rolled back whole.
            Assert.Equal((0, 0), (await db.Users.CountAsync(), await db.OutboundMessages.CountAsync()));
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"Away\" RENAME TO \"TopicSubscriptions\"");
        }
        world.Time.Advance(TimeSpan.FromSeconds(5));
        await world.DispatchAsync();

        Assert.False(Assert.IsType<SubscribedReply>(Assert.Single(world.Sender.Sent).Reply).AlreadyFollowing);
    }

    [Fact]
    public async Task A_lost_workspace_stops_every_conversation_in_it()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, Noon);
        await world.AcceptAsync("help", "Ev1", conversation: "C1", kind: ConversationKind.Channel);
        await world.AcceptAsync("help", "Ev2", conversation: "C2", kind: ConversationKind.Channel);
        await world.AcceptAsync("help", "Ev3", conversation: "C3", kind: ConversationKind.Channel, tenant: "T2");
        world.Sender.WorkspaceGone = true;
        await world.DispatchAsync();

        await using var db = world.Database.CreateContext();
        var blocked = await db.Conversations.Where(c => c.BlockedAt != null).Select(c => c.ExternalId).OrderBy(c => c).ToListAsync();
        Assert.Equal(["C1", "C2", "C3"], blocked);
        Assert.All(await db.OutboundMessages.ToListAsync(), m => Assert.Equal(DeliveryStatus.Skipped, m.Status));
    }

    [Fact]
    public async Task Following_from_a_channel_opens_a_direct_chat_for_the_alerts_or_says_how_to_get_one()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, Noon);
        await world.AcceptAsync("subscribe DeepSeek", "Ev1", user: "U1", conversation: "C1", kind: ConversationKind.Channel);
        await world.DispatchAsync();
        Assert.False(Assert.IsType<SubscribedReply>(world.Sender.Sent[^1].Reply).NoDirectChat);

        world.Sender.Directory.OpensDirectChats = false;
        await world.AcceptAsync("subscribe DeepSeek", "Ev2", user: "U2", conversation: "C1", kind: ConversationKind.Channel);
        await world.DispatchAsync();
        var refused = Assert.IsType<SubscribedReply>(world.Sender.Sent[^1].Reply);
        Assert.True(refused.NoDirectChat);
        Assert.Contains(SubscribedReply.StartDirectChat, refused.FallbackText);

        await using var db = world.Database.CreateContext();
        var users = await db.Users.Include(u => u.DirectConversation).OrderBy(u => u.ExternalId).ToListAsync();
        Assert.Equal(("D-U1", ConversationKind.Personal), (users[0].DirectConversation!.ExternalId, users[0].DirectConversation!.Kind));
        Assert.Null(users[1].DirectConversation);
        Assert.Equal(1, world.Sender.Directory.Opened);
    }

    [Fact]
    public async Task A_platform_asking_to_wait_before_opening_a_chat_delays_the_answer_but_does_not_change_it()
    {
        await using var world = await World.StartAsync(DatabaseProvider.Sqlite, Noon);
        world.Sender.Directory.DeferOpening = TimeSpan.FromSeconds(20);
        await world.AcceptAsync("subscribe DeepSeek", "Ev1", conversation: "C1", kind: ConversationKind.Channel);
        await world.DispatchAsync();
        Assert.Empty(world.Sender.Sent);

        world.Sender.Directory.DeferOpening = null;
        world.Time.Advance(TimeSpan.FromSeconds(20));
        await world.DispatchAsync();
        var reply = Assert.IsType<SubscribedReply>(Assert.Single(world.Sender.Sent).Reply);
        Assert.Equal((false, false), (reply.AlreadyFollowing, reply.NoDirectChat));
    }
}
