using Briefly.HealthProbe;

// Exit 0 when the host's /health/ready answers 2xx (Healthy, or Degraded: answering on words alone), 1 when it answers
// anything else (503 Unhealthy: the database does not answer) or nothing within the timeout.
var target = args is [var given] ? new Uri(given) : HealthAddress.FromUrls(Environment.GetEnvironmentVariable("Urls") ?? Environment.GetEnvironmentVariable("ASPNETCORE_URLS"));

// No proxy: HTTP_PROXY in a container's environment is for the platforms, not for loopback.
using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
try
{
    using var response = await http.GetAsync(target);
    var body = await response.Content.ReadAsStringAsync();
    Console.WriteLine($"{target} {(int)response.StatusCode} {body}");
    return response.IsSuccessStatusCode ? 0 : 1;
}
catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
{
    Console.WriteLine($"{target} {e.Message}");
    return 1;
}
