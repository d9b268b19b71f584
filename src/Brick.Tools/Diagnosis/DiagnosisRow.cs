namespace Brick.Tools.Diagnosis;

/// <summary>How one row of <c>brick-worker check</c> ended.</summary>
public enum DiagnosisStatus
{
    /// <summary>As it should be.</summary>
    Ok,

    /// <summary>Worth knowing, but not keeping the worker from being ready.</summary>
    Warn,

    /// <summary>Keeps the worker from being ready.</summary>
    Fail,

    /// <summary>Not looked at, because a row it depends on failed.</summary>
    Skip,
}

/// <summary>One row of <c>brick-worker check</c>: what was looked at, how it ended, and one line saying what was seen.</summary>
/// <param name="Check">What was looked at (<c>roots</c>, <c>program multipathd</c>, <c>exchange brick.unrouted</c>, …).</param>
/// <param name="Status">How it ended.</param>
/// <param name="Detail">One line: what was seen, or why it failed and what to do.</param>
public sealed record DiagnosisRow(string Check, DiagnosisStatus Status, string Detail);

/// <summary>Every row of one <c>brick-worker check</c>.</summary>
/// <param name="Rows">The rows, in the order they were looked at.</param>
public sealed record Diagnosis(IReadOnlyList<DiagnosisRow> Rows)
{
    /// <summary>Whether no row failed.</summary>
    public bool Ready => Rows.All(r => r.Status != DiagnosisStatus.Fail);
}
