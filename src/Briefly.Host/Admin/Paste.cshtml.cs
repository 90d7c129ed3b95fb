using System.Text;
using Briefly.Core.Briefs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Briefly.Host.Admin;

/// <summary>A rule the pasted brief broke: at a line of the text (shown beside it) or a JSON path, or of the brief as a whole.</summary>
internal sealed record PasteError(int? Line, string? JsonPath, string Message, string? LineText);

/// <summary>
/// A brief pasted as text, Markdown, HTML or JSON: "Preview" shows it exactly as it would be stored (its stories, dates
/// and citations, and whether it is new, replaces a stored one or conflicts with its source), or every error with its
/// line; "Save" stores it as the ingest command and API do, or changes nothing and shows why.
/// </summary>
internal sealed class PasteModel(BriefIngestor ingestor, IOptions<IngestOptions> options) : PageModel
{
    /// <summary>How the pasted brief is named in the errors the ingest writes.</summary>
    private const string Origin = "pasted brief";

    /// <summary>How much of the line an error is on is shown beside it.</summary>
    private const int ExcerptLength = 200;

    [BindProperty]
    public string Text { get; set; } = "";

    [BindProperty]
    public BriefFormat Format { get; set; } = BriefFormat.Auto;

    /// <summary>The brief as it would be stored, once previewed without errors.</summary>
    public BriefDocument? Brief { get; private set; }

    /// <summary>What saving would do (or did): created, updated, unchanged, conflict, rejected.</summary>
    public IngestOutcome? Outcome { get; private set; }

    public IReadOnlyList<PasteError> Errors { get; private set; } = [];

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        if (Parse() is { } brief) Outcome = await ingestor.PreviewAsync(brief, Origin, BriefOwner.AdminPage, cancellationToken);
        Errors = [.. Errors, .. WholeBriefErrors()];
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (Parse() is not { } brief) return Page();
        Outcome = await ingestor.IngestAsync(brief, Origin, BriefOwner.AdminPage, cancellationToken);
        Errors = [.. WholeBriefErrors()];
        if (Outcome.Status is IngestStatus.Rejected or IngestStatus.Conflict) return Page();
        TempData["Message"] = Outcome.Status switch
        {
            IngestStatus.Created => $"Stored “{brief.Title}” ({brief.Stories.Count} {(brief.Stories.Count == 1 ? "story" : "stories")}).",
            IngestStatus.Updated => $"Replaced the stored “{brief.Title}” of {brief.Date:yyyy-MM-dd} with the pasted one.",
            _ => $"“{brief.Title}” is stored already, exactly as pasted; nothing changed.",
        };
        return RedirectToPage("/Briefs");
    }

    /// <summary>The pasted text read as the ingest reads a file, with the same size limit; null with <see cref="Errors"/> set when it is no brief.</summary>
    private BriefDocument? Parse()
    {
        var bytes = Encoding.UTF8.GetBytes(Text ?? "");
        var maxBytes = options.Value.MaxBriefBytes;
        if (bytes.Length == 0) Errors = [new PasteError(null, null, "Paste a brief first.", null)];
        else if (BriefInput.CheckSize(bytes.Length, maxBytes) is { } tooLarge) Errors = [new PasteError(null, null, tooLarge.Message, null)];
        else
        {
            var parsed = BriefInput.Parse(bytes, Format, maxBytes);
            if (parsed.Brief is not null) return Brief = parsed.Brief;
            var lines = (Text ?? "").Split('\n');
            Errors = [.. parsed.Errors.Select(e => new PasteError(e.Line, e.JsonPath, e.Message,
                e.Line is { } line && line >= 1 && line <= lines.Length ? Excerpt(lines[line - 1].TrimEnd('\r')) : null))];
        }
        return null;
    }

    /// <summary>The start of a long line: enough to find it in the text.</summary>
    private static string Excerpt(string line) => line.Length <= ExcerptLength ? line : line[..ExcerptLength] + "…";

    /// <summary>The ingest's own refusals (too many stories, a field too long, a conflict), without the origin it prefixes them with.</summary>
    private IEnumerable<PasteError> WholeBriefErrors() =>
        (Outcome?.Errors ?? []).Select(e => new PasteError(null, null, e.StartsWith(Origin + ": ", StringComparison.Ordinal) ? e[(Origin.Length + 2)..] : e, null));
}
