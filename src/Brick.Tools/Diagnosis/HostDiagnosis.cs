using Brick.Service.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Brick.Tools.Diagnosis;

/// <summary>
/// <c>brick-worker check</c>'s work: one look at everything the worker needs, with its own settings: the roots
/// (<see cref="RootsReadableCheck"/>, as readiness), each program and its version, <c>multipathd</c> answering
/// (<see cref="MultipathdCheck"/>, as readiness), and the broker (<see cref="BrokerInspection"/>).
/// </summary>
public sealed class HostDiagnosis
{
    private readonly RootsReadableCheck _roots;
    private readonly ProgramVersions _programs;
    private readonly MultipathdCheck _multipathd;
    private readonly BrokerInspection _broker;

    internal HostDiagnosis(RootsReadableCheck roots, ProgramVersions programs, MultipathdCheck multipathd, BrokerInspection broker)
    {
        _roots = roots;
        _programs = programs;
        _multipathd = multipathd;
        _broker = broker;
    }

    /// <summary>Looks at everything once; every row is there whatever failed before it.</summary>
    public async Task<Diagnosis> RunAsync(CancellationToken cancellationToken)
    {
        var rows = new List<DiagnosisRow> { Row("roots", await _roots.CheckHealthAsync(new HealthCheckContext(), cancellationToken)) };
        rows.AddRange(await _programs.CheckAsync(cancellationToken));
        rows.Add(Row("multipathd daemon", await _multipathd.CheckHealthAsync(new HealthCheckContext(), cancellationToken)));
        rows.AddRange(await _broker.CheckAsync(cancellationToken));
        return new Diagnosis(rows);
    }

    private static DiagnosisRow Row(string check, HealthCheckResult result) => new(check, result.Status switch
    {
        HealthStatus.Healthy => DiagnosisStatus.Ok,
        HealthStatus.Degraded => DiagnosisStatus.Warn,
        _ => DiagnosisStatus.Fail,
    }, result.Description ?? result.Status.ToString());
}
