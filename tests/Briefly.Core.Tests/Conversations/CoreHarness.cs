using Briefly.Core.Briefs;
using Briefly.Core.Conversations;
using Briefly.Core.Search;
using Briefly.Data;
using Briefly.Data.Entities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Briefly.Core.Tests.Conversations;

/// <summary>The conversation core as the host wires it, on a real database holding the seed and the dev corpus.</summary>
internal sealed class CoreHarness : IAsyncDisposable
{
    private readonly IHost _host;
    private int _events;

    private CoreHarness(TestDatabase database, IHost host, FakeTimeProvider time)
    {
        Database = database;
        _host = host;
        Time = time;
    }

    public TestDatabase Database { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>The dev corpus's as-of day: its newest brief.</summary>
    public static readonly DateTimeOffset AsOf = new(2026, 5, 19, 12, 0, 0, TimeSpan.Zero);

    public static Task<CoreHarness> StartAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, params string[] admins) =>
        StartAsync(provider, new Dictionary<string, string?>(), admins);

    /// <param name="settings">More configuration, e.g. Briefly:DefaultBriefTime.</param>
    public static Task<CoreHarness> StartAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?> settings, params string[] admins) =>
        StartAsync(provider, Directory.GetFiles(SharedFiles.DevCorpus, "brief-*.txt").Append(SharedFiles.Seed), AsOf, settings, admins);

    /// <summary>The core holding one folder of briefs (a corpus in tests/corpora, say), at noon on its newest brief's day.</summary>
    public static Task<CoreHarness> StartWithBriefsAsync(string folder)
    {
        var files = Directory.GetFiles(folder, "brief-*.txt");
        var newest = files.Select(f => DateOnly.ParseExact(Path.GetFileNameWithoutExtension(f)["brief-".Length..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Max();
        return StartAsync(DatabaseProvider.Sqlite, files, new DateTimeOffset(newest.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero), new Dictionary<string, string?>(), []);
    }

    private static async Task<CoreHarness> StartAsync(DatabaseProvider provider, IEnumerable<string> briefs, DateTimeOffset asOf,
        IReadOnlyDictionary<string, string?> settings, string[] admins)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(asOf);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(database.HostSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddInMemoryCollection(admins.Select((a, i) => new KeyValuePair<string, string?>($"Briefly:Admins:{i}", a)));
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.AddBrieflyData();
        builder.AddBrieflyCore();
        var harness = new CoreHarness(database, builder.Build(), time);
        foreach (var file in briefs) await harness.IngestAsync(File.ReadAllBytes(file));
        return harness;
    }

    public async Task<IngestOutcome> IngestAsync(byte[] text)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var brief = BriefInput.Parse(text, BriefFormat.Auto).Brief ?? throw new InvalidOperationException("test brief did not parse");
        return await scope.ServiceProvider.GetRequiredService<BriefIngestor>().IngestAsync(brief, "test", BriefOwner.CommandLine, CancellationToken.None);
    }

    public async Task<IReadOnlyList<TopicMatch>> MatchAsync(IReadOnlyCollection<long> storyIds)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TopicMatcher>().MatchAsync(storyIds, CancellationToken.None);
    }

    /// <summary>Says something as a person in a DM (or in a channel) and returns the bot's reply.</summary>
    public async Task<Reply?> SayAsync(string text, string user = "U1", string conversation = "D1", ConversationKind kind = ConversationKind.Personal,
        string? eventId = null, string? timeZone = null, string? teamTimeZone = null)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<ConversationHandler>();
        var message = new IncomingMessage(ChatPlatform.Slack, new ConversationRef(conversation, kind, TimeZone: teamTimeZone), new UserRef(user, TimeZone: timeZone), text,
            eventId ?? $"Ev{Interlocked.Increment(ref _events)}");
        return (await handler.AnswerAsync(message, null, CancellationToken.None)).Reply;
    }

    public async Task<T> SayAsync<T>(string text, string user = "U1", string conversation = "D1", ConversationKind kind = ConversationKind.Personal)
        where T : Reply
    {
        var reply = await SayAsync(text, user, conversation, kind);
        return Assert.IsType<T>(reply);
    }

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await Database.DisposeAsync();
    }
}
