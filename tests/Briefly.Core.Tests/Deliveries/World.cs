using System.Collections.Concurrent;
using Briefly.Core.Briefs;
using Briefly.Core.Conversations;
using Briefly.Core.Deliveries;
using Briefly.Core.Messaging;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Briefly.Core.Tests.Deliveries;

/// <summary>The core as the host wires it, on a fresh database, with a scripted platform and a clock of its own.</summary>
internal sealed class World : IAsyncDisposable
{
    private readonly IHost _host;

    private World(TestDatabase database, IHost host, FakeTimeProvider time, ScriptedSender sender) =>
        (Database, _host, Time, Sender) = (database, host, time, sender);

    public TestDatabase Database { get; }

    public FakeTimeProvider Time { get; }

    public ScriptedSender Sender { get; }

    /// <summary>08:29 in Shanghai on Wednesday 29 April 2026, the seed brief's day: a minute before the test channels' brief time.</summary>
    public static readonly DateTimeOffset BeforeTime = new(2026, 4, 29, 0, 29, 0, TimeSpan.Zero);

    public static async Task<World> StartAsync(DatabaseProvider provider, DateTimeOffset? now = null, bool ingestSeed = true)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(now ?? BeforeTime);
        var sender = new ScriptedSender();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(database.HostSettings());
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IConversationSender>(sender);
        builder.Services.AddSingleton<IChatDirectory>(sender.Directory);
        builder.AddBrieflyData();
        builder.AddBrieflyCore();
        var world = new World(database, builder.Build(), time, sender);
        if (ingestSeed) await world.IngestSeedAsync();
        return world;
    }

    public Task IngestSeedAsync() => IngestAsync(SharedFiles.Seed);

    public async Task IngestAsync(string path)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var brief = BriefInput.Parse(await File.ReadAllBytesAsync(path), BriefFormat.Auto).Brief!;
        await scope.ServiceProvider.GetRequiredService<BriefIngestor>().IngestAsync(brief, "test", BriefOwner.CommandLine, CancellationToken.None);
    }

    /// <summary>A person with a direct chat with the bot who follows <paramref name="topic"/> from now on.</summary>
    public async Task<long> AddFollowerAsync(string topic, Action<User>? change = null)
    {
        await using var db = Database.CreateContext();
        var now = Time.GetUtcNow().UtcDateTime;
        var user = new User
        {
            Platform = ChatPlatform.Slack, ExternalId = $"U{Guid.NewGuid():N}", CreatedAt = now,
            DirectConversation = new Conversation { Platform = ChatPlatform.Slack, ExternalId = $"D{Guid.NewGuid():N}", Kind = ConversationKind.Personal, ReferenceJson = "{}" },
            Subscriptions = [new TopicSubscription { Topic = topic, TopicKey = TopicKeys.Of(topic), CreatedAt = now }],
        };
        change?.Invoke(user);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>A person says something, as a platform edge hands it over: accepted into the inbox, not yet answered.</summary>
    public async Task<bool> AcceptAsync(string text, string eventId, string user = "U1", string conversation = "D1",
        ConversationKind kind = ConversationKind.Personal, string? tenant = "T1")
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var message = new IncomingMessage(ChatPlatform.Slack, new ConversationRef(conversation, kind, tenant), new UserRef(user), text, eventId);
        return await scope.ServiceProvider.GetRequiredService<Inbox>().AcceptAsync(message, "{\"route\":\"" + eventId + "\"}", CancellationToken.None);
    }

    public async Task<int> MatchAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TopicAlertPlanner>().MatchNewStoriesAsync(CancellationToken.None);
    }

    public async Task<IReadOnlyList<long>> DueUsersAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TopicAlertPlanner>().DueUsersAsync(CancellationToken.None);
    }

    /// <summary>Queues the person's due alerts, as the job does, and lets the outbox send what is due now.</summary>
    public async Task SendAlertsAsync(long userId)
    {
        await using (var scope = _host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<TopicAlertSender>().SendAsync(userId, CancellationToken.None);
        await DispatchAsync();
    }

    /// <summary>Handles these inbox messages all at once, each in its own scope, as several workers or hosts would.</summary>
    public async Task HandleAtOnceAsync(IEnumerable<long> inboundIds) =>
        await Task.WhenAll(inboundIds.Select(async id =>
        {
            await using var scope = _host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<InboundWork>().HandleAsync(id, CancellationToken.None);
        }));

    /// <summary>Runs this host's message dispatcher until nothing more is due at the world's time.</summary>
    public async Task DispatchAsync()
    {
        var dispatcher = _host.Services.GetServices<IHostedService>().OfType<MessageDispatcher>().Single();
        for (var round = 0; round < 100 && await dispatcher.RunOnceAsync(CancellationToken.None); round++)
        {
        }
    }

    /// <summary>Hands a message to the conversation core as a platform edge would.</summary>
    public async Task<Reply?> SayAsync(string text, string conversation, ConversationKind kind, string user = "U1", string? timeZone = null)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var message = new IncomingMessage(ChatPlatform.Slack, new ConversationRef(conversation, kind), new UserRef(user, TimeZone: timeZone), text, $"Ev{Guid.NewGuid():N}");
        return (await scope.ServiceProvider.GetRequiredService<ConversationHandler>().AnswerAsync(message, null, CancellationToken.None)).Reply;
    }

    public async Task<long> AddChannelAsync(Action<Conversation>? change = null)
    {
        await using var db = Database.CreateContext();
        var channel = new Conversation
        {
            Platform = ChatPlatform.Slack, ExternalId = $"C{Guid.NewGuid():N}", Kind = ConversationKind.Channel, ReferenceJson = "{}",
            TimeZone = "Asia/Shanghai", BriefTime = new TimeOnly(8, 30), BriefDays = WeekDays.Weekdays,
        };
        change?.Invoke(channel);
        db.Conversations.Add(channel);
        await db.SaveChangesAsync();
        return channel.Id;
    }

    public async Task<IReadOnlyList<long>> PlanAsync(int batchSize = 1)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BriefPlanner>().PlanAsync(batchSize, CancellationToken.None);
    }

    /// <summary>Runs one delivery; returns when it asks to be tried again, or null when it is settled.</summary>
    public async Task<DateTime?> DeliverAsync(long id)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BriefSender>().DeliverAsync(id, CancellationToken.None);
    }

    public async Task<SendNowOutcome> SendNowAsync(long channel)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SendNow>().RequestAsync(channel, "the test", CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await Database.DisposeAsync();
    }
}

/// <summary>Plays a platform: records each message posted, and fails, defers or refuses when told to.</summary>
internal sealed class ScriptedSender : IConversationSender
{
    private readonly ConcurrentQueue<(long ConversationId, Reply Reply, int Index)> _sent = new();
    private int _posted;

    public ChatPlatform Platform => ChatPlatform.Slack;

    public IReadOnlyList<(long ConversationId, Reply Reply, int Index)> Sent => [.. _sent];

    public int MessagesPerReply { get; set; } = 1;

    /// <summary>Fail (as a dropped connection) once this many messages have been posted in all.</summary>
    public int? FailAfter { get; set; }

    public TimeSpan? Defer { get; set; }

    public bool Unreachable { get; set; }

    public TimeSpan Delay { get; set; }

    /// <summary>Set: the next posts fail as a whole workspace lost (uninstalled, token revoked).</summary>
    public bool WorkspaceGone { get; set; }

    public ScriptedDirectory Directory { get; } = new();

    /// <summary>The route each posted message was sent by, in order.</summary>
    public IReadOnlyList<string?> Routes => [.. _routes];

    private readonly ConcurrentQueue<string?> _routes = new();

    /// <summary>The messages of each keyed send in each conversation, as a platform with message metadata keeps them.</summary>
    public ConcurrentDictionary<(long ConversationId, string Key), List<string>> Keyed { get; } = new();

    /// <summary>Set: asking for a keyed send's messages is rate limited (Slack's history method has limits of its own).</summary>
    public TimeSpan? DeferLookups { get; set; }

    public Task<IReadOnlyList<string>> FindPostedAsync(Conversation conversation, string sendKey, DateTime since, CancellationToken cancellationToken) =>
        DeferLookups is { } wait ? throw new DeliveryDeferredException("history rate limited", wait)
            : Task.FromResult<IReadOnlyList<string>>(Keyed.TryGetValue((conversation.Id, sendKey), out var ids) ? [.. ids] : []);

    public async Task SendAsync(Conversation conversation, string? routeJson, Reply reply, int alreadySent, Func<string, Task> onSent,
        CancellationToken cancellationToken, string? sendKey = null, Func<Task>? posting = null)
    {
        if (Unreachable) throw new ConversationUnreachableException("removed from the channel");
        if (WorkspaceGone) throw new ConversationUnreachableException("token_revoked", wholeWorkspace: true);
        if (Defer is { } wait) throw new DeliveryDeferredException("rate limited", wait);
        await Task.Delay(Delay, cancellationToken);
        for (var index = alreadySent; index < MessagesPerReply; index++)
        {
            if (FailAfter is { } limit && _posted >= limit)
            {
                FailAfter = limit == 0 ? 0 : null;
                throw new HttpRequestException("connection refused");
            }
            _sent.Enqueue((conversation.Id, reply, index));
            _routes.Enqueue(routeJson);
            var id = $"m{Interlocked.Increment(ref _posted)}";
            if (sendKey is not null) Keyed.GetOrAdd((conversation.Id, sendKey), _ => []).Add(id);
            await onSent(id);
        }
    }
}

/// <summary>Plays a platform's directory: a fixed time zone, and a DM it opens, refuses or defers as told.</summary>
internal sealed class ScriptedDirectory : IChatDirectory
{
    public ChatPlatform Platform => ChatPlatform.Slack;

    public string? TimeZone { get; set; }

    /// <summary>False: the platform refuses to open a DM for good.</summary>
    public bool OpensDirectChats { get; set; } = true;

    public TimeSpan? DeferOpening { get; set; }

    public int Opened { get; private set; }

    public Task<string?> TimeZoneAsync(IncomingMessage message, CancellationToken cancellationToken) => Task.FromResult(TimeZone);

    public Task<ConversationRef?> OpenDirectChatAsync(IncomingMessage message, string? routeJson, CancellationToken cancellationToken)
    {
        if (DeferOpening is { } wait) throw new DeliveryDeferredException("rate limited", wait);
        if (!OpensDirectChats) return Task.FromResult<ConversationRef?>(null);
        Opened++;
        return Task.FromResult<ConversationRef?>(new ConversationRef("D-" + message.User.ExternalId, ConversationKind.Personal, message.Conversation.TenantId));
    }
}
