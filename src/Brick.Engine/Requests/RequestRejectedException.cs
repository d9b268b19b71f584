using Brick.Contracts;

namespace Brick.Engine.Requests;

/// <summary>Thrown while reading a request when a field breaks a rule; turned into a <see cref="ValidationResult"/>.</summary>
internal sealed class RequestRejectedException(ResizeFailureReason reason, string detail) : Exception(detail)
{
    public ResizeFailureReason Reason { get; } = reason;

    public static RequestRejectedException Invalid(string detail) => new(ResizeFailureReason.InvalidRequest, detail);
}
