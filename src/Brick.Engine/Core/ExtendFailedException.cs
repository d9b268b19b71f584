using Brick.Contracts;

namespace Brick.Engine.Core;

/// <summary>A step of the engine failed for a named reason; the engine turns it into a failed outcome.</summary>
internal sealed class ExtendFailedException(ResizeFailureReason reason, string detail, bool? retriable = null) : Exception(detail)
{
    /// <summary>The reason.</summary>
    public ResizeFailureReason Reason { get; } = reason;

    /// <summary>Whether the same request may succeed later.</summary>
    public bool Retriable { get; } = retriable ?? FailureReasons.IsRetriable(reason);
}
