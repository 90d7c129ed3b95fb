using System.Text;
using Briefly.Core;
using Briefly.Data;
using Briefly.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Briefly.Slack.Tests.Edge;

/// <summary>
/// The Slack endpoints as the host runs them: a loopback Kestrel app with the core on a fresh SQLite file holding the
/// seed brief, talking to a <see cref="FakeSlackApi"/>. Requests are signed as Slack signs them.
/// </summary>
internal sealed class SlackHost : IAsyncDisposable
{
    public const string SigningSecret = "test-signing-secret-5d1c";
    public const string BotToken = "xoxb-test-token";

    private readonly WebApplication _app;
    private readonly TestDatabase _database;

    private SlackHost(WebApplication app, TestDatabase database, RecordingLoggerProvider logs)
    {
        _app = app;
        _database = database;
        Logs = logs;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
    }

    public HttpClient Client { get; }

    /// <summary>What the host logged, at Information and above.</summary>
    public RecordingLoggerProvider Logs { get; }

    /// <summary>The host's services, to run what its jobs run.</summary>
    public IServiceProvider Services => _app.Services;

    public BrieflyDbContext Database() => _database.CreateContext();

    public static async Task<SlackHost> StartAsync(FakeSlackApi slack, bool configured = true)
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(database.HostSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = configured ? SigningSecret : null,
            ["Slack:BotToken"] = configured ? BotToken : null,
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString(),
        });
        var logs = new RecordingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddBrieflyData();
        builder.AddBrieflyCore();
        builder.AddSlack();
        var app = builder.Build();
        app.MapSlack();
        await SeedBrief.IngestAsync(app.Services);
        await app.StartAsync();
        return new SlackHost(app, database, logs);
    }

    /// <summary>
    /// Posts a body signed now with the app's secret (or as given), as Slack would, then waits, as the person would, until the
    /// host has answered what it accepted; <paramref name="settle"/> false returns at the acknowledgement.
    /// </summary>
    /// <param name="retry">Slack's X-Slack-Retry-Num, sent when it delivers an event again.</param>
    public async Task<HttpResponseMessage> PostAsync(string path, string body, string contentType, string? signature = null, DateTimeOffset? at = null,
        bool settle = true, int? retry = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", signature ?? Briefly.Slack.Edge.SlackSignature.Sign(SigningSecret, timestamp, Encoding.UTF8.GetBytes(body)));
        if (retry is { } number)
        {
            request.Headers.Add("X-Slack-Retry-Num", number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }
        var response = await Client.SendAsync(request);
        if (settle) await SettledAsync();
        return response;
    }

    /// <summary>Waits until everything accepted is answered and everything queued is sent or settled.</summary>
    public Task SettledAsync() => _database.SettledAsync();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }
}
