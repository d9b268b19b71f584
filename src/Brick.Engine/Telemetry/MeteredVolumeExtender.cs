using System.Runtime.CompilerServices;
using Brick.Engine.Operations;
using Brick.Engine.Outcomes;
using Brick.Engine.Requests;

namespace Brick.Engine.Telemetry;

/// <summary>
/// Records what the engine did, around any <see cref="IVolumeExtender"/>: the operation as active while it runs, its
/// duration, and each step's duration from the outcome's own timeline (the engine's clock, not a second stopwatch).
/// Requests of one volume answered together share one outcome: its operation and steps are recorded once.
/// </summary>
public sealed class MeteredVolumeExtender(IVolumeExtender inner, BrickMetrics metrics) : IVolumeExtender
{
    private readonly ConditionalWeakTable<ExtendOutcome, object> _recorded = [];

    /// <inheritdoc />
    public async Task<ExtendOutcome> ExtendAsync(ExtendRequest request, CancellationToken cancellationToken)
    {
        ExtendOutcome outcome;
        using (metrics.OperationStarted())
            outcome = await inner.ExtendAsync(request, cancellationToken);

        if (!_recorded.TryAdd(outcome, outcome))
            return outcome;

        foreach (var step in outcome.Steps)
            metrics.StepFinished(step.Name, step.Duration);
        metrics.OperationFinished(outcome.Elapsed, outcome.Succeeded);
        return outcome;
    }
}
