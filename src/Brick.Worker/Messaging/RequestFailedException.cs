using Brick.Contracts;

namespace Brick.Worker.Messaging;

/// <summary>
/// A request ended in a failure that sends its message to the error queue: <see cref="Failure"/> is published first
/// and <see cref="HostVolumeResizeFailed.Reason"/> goes into the <c>brick-reason</c> header. Not retried.
/// </summary>
public class RequestFailedException(HostVolumeResizeFailed failure) : Exception(failure.Detail)
{
    /// <summary>The outcome to publish.</summary>
    public HostVolumeResizeFailed Failure { get; } = failure;
}

/// <summary>A failure that may go away by itself (the array or a path catching up): retried with back-off, then given up.</summary>
public sealed class TransientFailureException(HostVolumeResizeFailed failure) : RequestFailedException(failure);
