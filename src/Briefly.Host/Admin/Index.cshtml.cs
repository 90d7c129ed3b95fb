using Briefly.Core.Deliveries;
using Briefly.Host.Jobs;
using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Briefly.Host.Admin;

/// <summary>The admin page's front: totals, the most followed topics, and every channel with its latest delivery and a "send now".</summary>
internal sealed class IndexModel(AdminOverview overview, SendNow sendNow, IBackgroundJobClient jobs) : PageModel
{
    public Totals Totals { get; private set; } = null!;

    public IReadOnlyList<TopicCount> MostFollowed { get; private set; } = [];

    public IReadOnlyList<ChannelRow> Channels { get; private set; } = [];

    public int PageNumber { get; private set; } = 1;

    public int Pages { get; private set; } = 1;

    public async Task OnGetAsync(int? pageNumber, CancellationToken cancellationToken)
    {
        Totals = await overview.TotalsAsync(cancellationToken);
        MostFollowed = await overview.MostFollowedAsync(10, cancellationToken);
        (Channels, Pages) = await overview.ChannelsAsync(pageNumber ?? 1, cancellationToken);
        PageNumber = Math.Clamp(pageNumber ?? 1, 1, Pages);
    }

    /// <summary>Delivers the newest brief to one channel now, through the delivery jobs, and comes back to the same page.</summary>
    public async Task<IActionResult> OnPostSendNowAsync(long channel, int? pageNumber, CancellationToken cancellationToken)
    {
        var outcome = await sendNow.RequestAsync(channel, User.Identity?.Name ?? "this machine", cancellationToken);
        if (outcome is { Status: SendNowStatus.Queued, DeliveryId: { } id })
        {
            long[] ids = [id];
            jobs.Enqueue<DeliverBriefsNowJob>(job => job.Run(ids, CancellationToken.None));
        }
        TempData["Message"] = outcome.Message;
        return RedirectToPage(new { pageNumber });
    }

    /// <summary>"Sent 2026-12-06 09:00 UTC", "Deferred until 09:01:30 UTC: rate limited", "Failed: channel_not_found".</summary>
    public static string Describe(DeliveryState? state) => state switch
    {
        null => "no delivery yet",
        { Stage: DeliveryStage.Sent, At: { } at } => $"Sent {at:yyyy-MM-dd HH:mm} UTC",
        { Stage: DeliveryStage.Deferred, At: { } at } => $"Deferred until {at:yyyy-MM-dd HH:mm:ss} UTC: {state.Reason}",
        { Stage: DeliveryStage.Pending, At: { } at } => $"Pending, due {at:yyyy-MM-dd HH:mm} UTC" + (state.Reason is { } reason ? $" (last try: {reason})" : ""),
        { Stage: DeliveryStage.Sending } => "Sending now",
        { Stage: DeliveryStage.Failed } => $"Failed: {state.Reason ?? "no reason recorded"}",
        { Stage: DeliveryStage.Skipped } => $"Skipped: {state.Reason ?? "no reason recorded"}",
        _ => state.Stage.ToString(),
    };
}
