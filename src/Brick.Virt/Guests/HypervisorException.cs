using Brick.Contracts;

namespace Brick.Virt.Guests;

/// <summary>The hypervisor could not do what was asked of one guest; <see cref="Reason"/> says how.</summary>
public class HypervisorException(GuestResizeFailureReason reason, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>How it failed: <see cref="GuestResizeFailureReason.GuestGone"/>, <see cref="GuestResizeFailureReason.HypervisorTimeout"/> or <see cref="GuestResizeFailureReason.HypervisorFailed"/>.</summary>
    public GuestResizeFailureReason Reason { get; } = reason;

    /// <summary>The guest or its disk is no longer there.</summary>
    public static HypervisorException Gone(string message, Exception? inner = null) => new(GuestResizeFailureReason.GuestGone, message, inner);

    /// <summary>The hypervisor did not answer within its time limit.</summary>
    public static HypervisorException TimedOut(string message, Exception? inner = null) => new(GuestResizeFailureReason.HypervisorTimeout, message, inner);

    /// <summary>The hypervisor answered with an error.</summary>
    public static HypervisorException Failed(string message, Exception? inner = null) => new(GuestResizeFailureReason.HypervisorFailed, message, inner);
}
