using Brick.Contracts;

namespace Brick.Virt.Messaging;

/// <summary>The reason blockresize gives (in <c>brick-reason</c>) to a delivery that holds no usable outcome.</summary>
internal static class BlockresizeReasons
{
    /// <summary>Not a <c>HostVolumeResized</c> of this host, or one without a size or a device under <c>/dev</c>.</summary>
    public const string InvalidOutcome = "InvalidOutcome";
}

/// <summary>The delivery holds no outcome blockresize can use: moved to the error queue at once, nothing published.</summary>
internal sealed class InvalidOutcomeException(string message) : Exception(message);

/// <summary>
/// Some disks of an outcome could not be resized: the failures are published and the outcome moves to the error queue
/// with the first failure's reason. Not retried.
/// </summary>
internal class GuestResizeFailedException(IReadOnlyList<GuestDiskResizeFailed> failures)
    : Exception(string.Join(" ", failures.Select(f => f.Detail)))
{
    /// <summary>The failures to publish.</summary>
    public IReadOnlyList<GuestDiskResizeFailed> Failures { get; } = failures;
}

/// <summary>A failure that may go away by itself (a hypervisor that did not answer): retried with back-off, then given up.</summary>
internal sealed class TransientGuestResizeException(IReadOnlyList<GuestDiskResizeFailed> failures) : GuestResizeFailedException(failures);

/// <summary>
/// The outcome was delivered more than <c>MaxDeliveries</c> times without an end: not worked on again, moved to the
/// error queue as <c>HypervisorFailed</c>, nothing published. Not retried.
/// </summary>
internal sealed class DeliveryLimitException(string message) : Exception(message);
