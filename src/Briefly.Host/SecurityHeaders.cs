namespace Briefly.Host;

/// <summary>Headers every response carries, whoever wrote it; no <c>Server</c> header naming the software.</summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// The only pages served are Hangfire's dashboard: its own scripts and stylesheets, and style attributes in its
    /// markup and set by its charts. Nothing may frame a page (clickjacking the dashboard's buttons).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplicationBuilder AddSecurityHeaders(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        builder.Services.AddTransient<IStartupFilter, FirstInPipeline>();
        return builder;
    }

    /// <summary>
    /// A startup filter, so the headers go on responses written before the application's own middleware: WebApplication
    /// puts routing, authentication and authorization (the dashboard's 401) ahead of anything Program.cs adds.
    /// </summary>
    private sealed class FirstInPipeline : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                // Set as the response starts rather than now: an error response clears the headers set before it.
                context.Response.OnStarting(static state =>
                {
                    var headers = ((HttpResponse)state).Headers;
                    headers.XContentTypeOptions = "nosniff";
                    headers.XFrameOptions = "DENY";
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    return Task.CompletedTask;
                }, context.Response);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
