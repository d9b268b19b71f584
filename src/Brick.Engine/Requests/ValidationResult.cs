using Brick.Contracts;

namespace Brick.Engine.Requests;

/// <summary>The result of validating a request: a <see cref="ExtendRequest"/>, or a named rejection.</summary>
public sealed record ValidationResult
{
    private ValidationResult(ExtendRequest? request, ResizeFailureReason? reason, string? detail, RequestIdentity identity)
    {
        Request = request;
        Reason = reason;
        Detail = detail;
        Identity = identity;
    }

    /// <summary>The validated request, or null when rejected.</summary>
    public ExtendRequest? Request { get; }

    /// <summary>Why the request was rejected, or null when valid.</summary>
    public ResizeFailureReason? Reason { get; }

    /// <summary>One human sentence saying what is wrong, or null when valid.</summary>
    public string? Detail { get; }

    /// <summary>What could be read of the request's identity.</summary>
    public RequestIdentity Identity { get; }

    /// <summary>Whether the request is valid.</summary>
    public bool IsValid => Request is not null;

    internal static ValidationResult Valid(ExtendRequest request) =>
        new(request, null, null, new RequestIdentity(request.VolumeId, request.Host, request.AttachmentId, request.NewSizeBytes));

    internal static ValidationResult Rejected(ResizeFailureReason reason, string detail, RequestIdentity identity) =>
        new(null, reason, detail, identity);
}
