using Brick.Engine.Operations;
using Brick.Engine.Outcomes;
using Brick.Engine.Requests;

namespace Brick.Simulation.Storage;

/// <summary>
/// The engine on a simulated host whose array serves each try first (<see cref="SimulatedArray.Serve"/>): lays out a
/// request's devices it has never seen, plays a rule's fault, grows the LUN. The engine then runs unchanged.
/// </summary>
internal sealed class ArrayGrowsFirst(IVolumeExtender engine, SimulatedArray array) : IVolumeExtender
{
    /// <inheritdoc />
    public Task<ExtendOutcome> ExtendAsync(ExtendRequest request, CancellationToken cancellationToken)
    {
        array.Serve(request);
        return engine.ExtendAsync(request, cancellationToken);
    }
}
