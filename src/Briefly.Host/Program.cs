using Briefly.Core;
using Briefly.Data;
using Briefly.Embeddings;
using Briefly.Host;
using Briefly.Host.Admin;
using Briefly.Host.Api;
using Briefly.Host.Commands;
using Briefly.Host.Jobs;
using Briefly.Host.Publishing;
using Briefly.Host.TryIt;
using Briefly.Host.Web;
using Briefly.Slack;
using Briefly.Teams;

var commandLine = CommandLine.Parse(args);

return await commandLine.RunAsync(() =>
{
    // Settings files travel with the binaries; data/ and samples/ are found from the folder the command runs in.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions
    {
        Args = commandLine.ConfigurationArgs,
        ContentRootPath = AppContext.BaseDirectory,
    });
    builder.AddCommandLineLogging(commandLine);
    builder.AddSecurityHeaders();
    builder.AddBrieflyData();
    builder.AddBrieflyCore();
    builder.AddEmbeddings();
    builder.AddTeams();
    builder.AddSlack();
    builder.AddBriefJobs(runServer: commandLine.Serves);
    builder.AddBrieflyHealthChecks();
    if (commandLine.Serves) builder.AddBrieflyTelemetry();
    builder.AddPublishing();
    var samples = commandLine.Serves && commandLine.Words.Contains("--samples");
    builder.AddTryIt(samples);
    builder.AddAdminPages(samples);

    var app = builder.Build();
    app.MapBrieflyHealthChecks();
    app.MapBriefsApi();
    app.MapTeams();
    app.MapSlack();
    app.MapBriefJobsDashboard();
    app.MapLegalPages();
    app.MapWebAssets();
    app.MapTryIt();
    app.MapAdminPages();
    return app;
});

