using Briefly.Core.Feeds;
using Hangfire;

namespace Briefly.Host.Jobs;

/// <summary>Every minute: claims the feeds that are due and queues one poll job for each.</summary>
public sealed class PollDueFeedsJob(FeedPoller poller, IBackgroundJobClient jobs, ILogger<PollDueFeedsJob> logger)
{
    public const string Id = "poll-due-feeds";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task Run(CancellationToken cancellationToken)
    {
        foreach (var feedId in await poller.ClaimDueFeedsAsync(cancellationToken))
        {
            jobs.Enqueue<PollFeedJob>(job => job.Run(feedId, CancellationToken.None));
            HostLog.FeedPollQueued(logger, feedId);
        }
    }
}

/// <summary>Polls one feed. The poller records failures and schedules the next try itself, so Hangfire does not retry.</summary>
public sealed class PollFeedJob(FeedPoller poller)
{
    [AutomaticRetry(Attempts = 0)]
    public Task Run(long feedId, CancellationToken cancellationToken) => poller.PollAsync(feedId, cancellationToken);
}
