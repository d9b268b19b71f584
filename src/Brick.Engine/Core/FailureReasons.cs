using Brick.Contracts;

namespace Brick.Engine.Core;

/// <summary>Which failure reasons are transient by default.</summary>
internal static class FailureReasons
{
    /// <summary>
    /// Transient: the array or a path may catch up (<c>RescanTimeout</c>, <c>PathSizeMismatch</c>, <c>DeviceNotFound</c>,
    /// <c>CommandFailed</c>). Permanent: the request itself is wrong or cannot be served. <c>MultipathResizeFailed</c> is
    /// transient only after <c>timeout</c> replies, which the resizer says itself.
    /// </summary>
    public static bool IsRetriable(ResizeFailureReason reason) => reason is
        ResizeFailureReason.RescanTimeout or ResizeFailureReason.PathSizeMismatch
        or ResizeFailureReason.DeviceNotFound or ResizeFailureReason.CommandFailed;
}
