using Brick.Engine.Outcomes;
using Brick.Engine.Requests;

namespace Brick.Engine.Operations;

/// <summary>Runs one validated request on this host to its outcome: what the service and the commands call.</summary>
public interface IVolumeExtender
{
    /// <summary>Runs <paramref name="request"/> to its outcome. Throws only <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.</summary>
    Task<ExtendOutcome> ExtendAsync(ExtendRequest request, CancellationToken cancellationToken);
}
