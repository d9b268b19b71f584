using System.Text.Json.Serialization;

namespace Brick.Contracts;

/// <summary>Why a guest's disk could not be given a host volume's new size. Serialized by name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GuestResizeFailureReason>))]
public enum GuestResizeFailureReason
{
    /// <summary>The hypervisor shows the disk larger than the outcome's size: a disk is never made smaller.</summary>
    WouldShrink,

    /// <summary>The guest or its disk went away between the lookup and the resize: nothing is left to tell.</summary>
    GuestGone,

    /// <summary>The hypervisor did not answer in time (a QMP socket that hangs, a <c>virsh</c> that does not return).</summary>
    HypervisorTimeout,

    /// <summary>The hypervisor refused the resize or answered with an error.</summary>
    HypervisorFailed,

    /// <summary>
    /// The outcome's size is more than the host device's own size as the host kernel shows it (or that size cannot be
    /// read): a guest disk is never made larger than the device it is on. Nothing was asked of the hypervisor.
    /// </summary>
    ExceedsHostDevice,
}
