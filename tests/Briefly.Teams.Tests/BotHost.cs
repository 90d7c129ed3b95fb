using System.Net.Http.Headers;
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

namespace Briefly.Teams.Tests;

/// <summary>
/// The bot as the host runs it: a loopback Kestrel app with the core on a fresh SQLite file holding the seed brief,
/// calling AddTeams and MapTeams.
/// </summary>
internal sealed class BotHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestDatabase _database;

    private BotHost(WebApplication app, TestDatabase database, RecordingLoggerProvider logs)
    {
        _app = app;
        _database = database;
        Logs = logs;
        // A host on every interface (0.0.0.0, [::]) is reached here through loopback.
        var bound = new UriBuilder(app.Urls.Single());
        if (bound.Host is "0.0.0.0" or "[::]") bound.Host = "127.0.0.1";
        Url = bound.Uri;
        Client = new HttpClient { BaseAddress = Url };
    }

    /// <summary>Where the host listens, as a loopback client reaches it.</summary>
    public Uri Url { get; }

    public HttpClient Client { get; }

    /// <summary>The host's services, to run what its jobs run.</summary>
    public IServiceProvider Services => _app.Services;

    public RecordingLoggerProvider Logs { get; }

    /// <summary>What the bot stored, read as another host would.</summary>
    public BrieflyDbContext Database() => _database.CreateContext();

    /// <summary>
    /// Starts the host with exactly these settings (no appsettings files, no environment variables), listening on
    /// <paramref name="listenUrl"/> (a free loopback port unless told), after <paramref name="configure"/> has had its say.
    /// </summary>
    public static async Task<BotHost> StartAsync(
        IDictionary<string, string?>? settings = null,
        string listenUrl = "http://127.0.0.1:0",
        Action<WebApplicationBuilder>? configure = null)
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        try
        {
            return await StartAsync(database, settings, listenUrl, configure);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    private static async Task<BotHost> StartAsync(
        TestDatabase database, IDictionary<string, string?>? settings, string listenUrl, Action<WebApplicationBuilder>? configure)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Development turns on the container's scope and build-time validation.
            EnvironmentName = Environments.Development,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(database.HostSettings());
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        var logs = new RecordingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.WebHost.UseUrls(listenUrl);

        builder.AddBrieflyData();
        builder.AddBrieflyCore();
        builder.AddTeams();
        configure?.Invoke(builder);
        var app = builder.Build();
        try
        {
            app.MapTeams();
            await SeedBrief.IngestAsync(app.Services);
            await app.StartAsync();
            return new BotHost(app, database, logs);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Posts an activity as the Bot Connector would, then waits, as the person would, until the host has answered what it
    /// accepted; <paramref name="settle"/> false returns at the acknowledgement.
    /// </summary>
    public async Task<HttpResponseMessage> PostActivityAsync(string json, AuthenticationHeaderValue? authorization = null, bool settle = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = authorization;
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
