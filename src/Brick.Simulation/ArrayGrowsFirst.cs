using Brick.Engine.Operations;
using Brick.Engine.Outcomes;
using Brick.Engine.Requests;

namespace Brick.Simulation;

/// <summary>The engine on a simulated host whose array grows the LUN a request names before the engine runs, once per try.</summary>
internal sealed class ArrayGrowsFirst(IVolumeExtender engine, SimulatedArray array) : IVolumeExtender
{
    /// <inheritdoc />
    public Task<ExtendOutcome> ExtendAsync(ExtendRequest request, CancellationToken cancellationToken)
    {
        array.GrowFor(request);
        return engine.ExtendAsync(request, cancellationToken);
    }
}
