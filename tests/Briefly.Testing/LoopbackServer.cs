using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Briefly.Testing;

/// <summary>A request as the server saw it.</summary>
public sealed record ReceivedRequest(string PathAndQuery, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}

/// <summary>A real Kestrel server on 127.0.0.1 (or another loopback address) and a free port, answering every request with the test's handler.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri baseAddress, ConcurrentQueue<ReceivedRequest> requests)
    {
        _app = app;
        BaseAddress = baseAddress;
        Requests = requests;
    }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<ReceivedRequest> Requests { get; }

    public Uri Url(string pathAndQuery) => new(BaseAddress, pathAndQuery);

    /// <param name="listenOn">127.0.0.1 unless given: on Linux all of 127.0.0.0/8 is loopback, so 127.0.0.2 is a second "host".</param>
    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, Task> handle, IPAddress? listenOn = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(listenOn ?? IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var requests = new ConcurrentQueue<ReceivedRequest>();
        // A handler may take a WebSocket (a fake Slack's Socket Mode); plain requests pass through untouched.
        app.UseWebSockets();
        app.Run(context =>
        {
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            requests.Enqueue(new ReceivedRequest(context.Request.Path + context.Request.QueryString, headers));
            return handle(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LoopbackServer(app, new Uri(address + "/"), requests);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
