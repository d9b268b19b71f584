using Brick.Engine.Requests;

namespace Brick.Service.Messaging;

/// <summary>
/// The request's outcome (a success) could not be published: the broker refused it or did not confirm it. Retried as
/// a transient failure (the engine runs again, finds the volume at its size, and publishes again); when the retries
/// are spent the message goes to the error queue with <c>brick-reason: OutcomeNotPublished</c>, never as a failure of
/// a volume that grew.
/// </summary>
internal sealed class OutcomeNotPublishedException(string outcome, RequestIdentity identity, Exception cause)
    : Exception($"The {outcome} outcome could not be published: {cause.GetBaseException().Message}", cause)
{
    /// <summary>The <c>brick-reason</c> of such a message in the error queue.</summary>
    public const string Reason = "OutcomeNotPublished";

    /// <summary>The outcome's message type (<c>HostVolumeResized</c>).</summary>
    public string Outcome { get; } = outcome;

    /// <summary>What the request said of its volume.</summary>
    public RequestIdentity Identity { get; } = identity;
}
