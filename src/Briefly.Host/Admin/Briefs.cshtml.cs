using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Briefly.Host.Admin;

/// <summary>The newest briefs as each platform will show them.</summary>
internal sealed class BriefsModel(AdminOverview overview) : PageModel
{
    /// <summary>Enough to see today's, yesterday's and a replaced one; each is drawn in full twice.</summary>
    public const int Shown = 3;

    public IReadOnlyList<RenderedBrief> Briefs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Briefs = await overview.LatestBriefsAsync(Shown, cancellationToken);
}
