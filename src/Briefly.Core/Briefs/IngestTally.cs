namespace Briefly.Core.Briefs;

/// <summary>What a run of ingests did, for the summary line and the exit code.</summary>
public sealed class IngestTally
{
    private readonly List<string> _errors = [];

    public int Created { get; private set; }

    public int Updated { get; private set; }

    public int Unchanged { get; private set; }

    public int Rejected { get; private set; }

    public int Total => Created + Updated + Unchanged + Rejected;

    /// <summary>Stories whose vector was computed, for the progress line: embedding is most of an ingest's time.</summary>
    public int Embedded { get; private set; }

    public IReadOnlyList<string> Errors => _errors;

    public void Add(IngestOutcome outcome)
    {
        Embedded += outcome.Embedded;
        switch (outcome.Status)
        {
            case IngestStatus.Created: Created++; break;
            case IngestStatus.Updated: Updated++; break;
            case IngestStatus.Unchanged: Unchanged++; break;
            case IngestStatus.Rejected or IngestStatus.Conflict: Rejected++; break;
        }
        _errors.AddRange(outcome.Errors);
    }

    /// <summary>A source that failed before any brief could be read from it (a feed that did not answer, a missing path).</summary>
    public void Fail(string error)
    {
        Rejected++;
        _errors.Add(error);
    }

    /// <summary>Several inputs refused for one reason (items past a limit), counted each and told once.</summary>
    public void Refuse(int count, string error)
    {
        Rejected += count;
        _errors.Add(error);
    }

    public override string ToString() =>
        $"{Created} created, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected";
}
