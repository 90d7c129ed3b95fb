using System.Net;

namespace Briefly.Host;

/// <summary>The event ids of the host's own pages and jobs (the jobs dashboard, the admin page, feed jobs, the command line): 3000–3099.</summary>
public static class HostEvents
{
    /// <summary>At start: the jobs dashboard is off (no Dashboard:Password, no Dashboard:AllowLocalWithoutSignIn).</summary>
    public const int DashboardOff = 3000;

    /// <summary>At start: the jobs dashboard is open without sign-in to requests from this machine.</summary>
    public const int DashboardLocalWithoutSignIn = 3001;

    /// <summary>At start: the jobs dashboard is served behind a sign-in.</summary>
    public const int DashboardSignIn = 3002;

    /// <summary>A jobs dashboard sign-in was refused.</summary>
    public const int DashboardRefused = 3003;

    /// <summary>At start: the admin page is off (no Dashboard:Password, no Dashboard:AllowLocalWithoutSignIn).</summary>
    public const int AdminPageOff = 3010;

    /// <summary>At start: the admin page is open without sign-in to requests from this machine.</summary>
    public const int AdminPageLocalWithoutSignIn = 3011;

    /// <summary>At start: the admin page is served behind a sign-in.</summary>
    public const int AdminPageSignIn = 3012;

    /// <summary>An admin page sign-in was refused.</summary>
    public const int AdminPageRefused = 3013;

    /// <summary>The operator signed in to the admin page.</summary>
    public const int AdminPageSignedIn = 3014;

    /// <summary>A feed due for a poll was claimed and its poll job queued.</summary>
    public const int FeedPollQueued = 3020;

    /// <summary><c>serve --samples</c> took in the sample briefs before serving.</summary>
    public const int SamplesIngested = 3030;

    /// <summary>A command other than <c>serve</c> failed unexpectedly; at debug, with where it failed (the console says what failed).</summary>
    public const int CommandFailed = 3031;

    /// <summary>A delivery in a send batch failed outside the platform's answer (the database busy); it is tried again on its own.</summary>
    public const int DeliverySendFailed = 3040;
}

internal static partial class HostLog
{
    // JobsDashboard
    [LoggerMessage(EventId = HostEvents.DashboardOff, Level = LogLevel.Information,
        Message = "The jobs dashboard is off ({Path} answers 404): set Dashboard:Password to serve it with a sign-in, or Dashboard:AllowLocalWithoutSignIn=true to open it to this machine for development")]
    internal static partial void DashboardOff(ILogger logger, string path);

    [LoggerMessage(EventId = HostEvents.DashboardLocalWithoutSignIn, Level = LogLevel.Warning,
        Message = "The jobs dashboard at {Path} is open without sign-in to requests from this machine (Dashboard:AllowLocalWithoutSignIn); through a reverse proxy on this machine that is anyone who reaches the proxy")]
    internal static partial void DashboardLocalWithoutSignIn(ILogger logger, string path);

    [LoggerMessage(EventId = HostEvents.DashboardSignIn, Level = LogLevel.Information,
        Message = "The jobs dashboard is at {Path}, behind a sign-in as {UserName} with Dashboard:Password")]
    internal static partial void DashboardSignIn(ILogger logger, string path, string userName);

    [LoggerMessage(EventId = HostEvents.DashboardRefused, Level = LogLevel.Warning,
        Message = "Refused a jobs dashboard sign-in from {RemoteAddress}: wrong user name or password")]
    internal static partial void DashboardRefused(ILogger logger, IPAddress? remoteAddress);

    // AdminPages, and its sign-in page (LoginModel)
    [LoggerMessage(EventId = HostEvents.AdminPageOff, Level = LogLevel.Information,
        Message = "The admin page is off ({Path} answers 404): set Dashboard:Password to serve it with a sign-in, or Dashboard:AllowLocalWithoutSignIn=true to open it to this machine for development")]
    internal static partial void AdminPageOff(ILogger logger, string path);

    [LoggerMessage(EventId = HostEvents.AdminPageLocalWithoutSignIn, Level = LogLevel.Warning,
        Message = "The admin page at {Path} is open without sign-in to requests from this machine (no Dashboard:Password); through a reverse proxy on this machine that is anyone who reaches the proxy")]
    internal static partial void AdminPageLocalWithoutSignIn(ILogger logger, string path);

    [LoggerMessage(EventId = HostEvents.AdminPageSignIn, Level = LogLevel.Information,
        Message = "The admin page is at {Path}, behind a sign-in as {UserName} with Dashboard:Password")]
    internal static partial void AdminPageSignIn(ILogger logger, string path, string userName);

    [LoggerMessage(EventId = HostEvents.AdminPageRefused, Level = LogLevel.Warning,
        Message = "Refused an admin page sign-in from {RemoteAddress}: wrong user name or password")]
    internal static partial void AdminPageRefused(ILogger logger, IPAddress? remoteAddress);

    [LoggerMessage(EventId = HostEvents.AdminPageSignedIn, Level = LogLevel.Information,
        Message = "{UserName} signed in to the admin page from {RemoteAddress}")]
    internal static partial void AdminPageSignedIn(ILogger logger, string userName, IPAddress? remoteAddress);

    // PollDueFeedsJob
    [LoggerMessage(EventId = HostEvents.FeedPollQueued, Level = LogLevel.Debug, Message = "Queued a poll of feed {FeedId}")]
    internal static partial void FeedPollQueued(ILogger logger, long feedId);

    // The command line (ServeCommand, CommandLine)
    [LoggerMessage(EventId = HostEvents.SamplesIngested, Level = LogLevel.Information, Message = "Sample briefs from {Folder}: {Tally}")]
    internal static partial void SamplesIngested(ILogger logger, string folder, string tally);

    [LoggerMessage(EventId = HostEvents.CommandFailed, Level = LogLevel.Debug, Message = "{Command} failed")]
    internal static partial void CommandFailed(ILogger logger, Exception exception, string command);

    // DeliveryBatch
    [LoggerMessage(EventId = HostEvents.DeliverySendFailed, Level = LogLevel.Warning, Message = "Sending delivery {DeliveryId} failed; it is tried again at {NextAttemptAt:u}")]
    internal static partial void DeliverySendFailed(ILogger logger, Exception exception, long deliveryId, DateTime nextAttemptAt);
}
