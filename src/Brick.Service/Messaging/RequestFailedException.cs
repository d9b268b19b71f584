using Brick.Contracts;
using Brick.Engine.Requests;

namespace Brick.Service.Messaging;

/// <summary>
/// A request ended in a failure that sends its message to the error queue: <see cref="Failure"/> is published first
/// where the request named its volume and host (<see cref="Identity"/>), and <see cref="HostVolumeResizeFailed.Reason"/>
/// goes into the <c>brick-reason</c> header. Not retried.
/// </summary>
internal class RequestFailedException(HostVolumeResizeFailed failure, RequestIdentity identity) : Exception(failure.Detail)
{
    /// <summary>The outcome to publish.</summary>
    public HostVolumeResizeFailed Failure { get; } = failure;

    /// <summary>What could be read of the request.</summary>
    public RequestIdentity Identity { get; } = identity;

    /// <summary>Whether <see cref="Failure"/> is published: only a request that named its volume and host has anyone to tell.</summary>
    public bool Publishes => Identity is { VolumeId: not null, Host: not null };
}

/// <summary>A failure that may go away by itself (the array or a path catching up): retried with back-off, then given up.</summary>
internal sealed class TransientFailureException(HostVolumeResizeFailed failure, RequestIdentity identity) : RequestFailedException(failure, identity);
