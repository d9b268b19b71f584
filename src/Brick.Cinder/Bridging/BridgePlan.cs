using Brick.Contracts;

namespace Brick.Cinder.Bridging;

/// <summary>What one <c>volume.resize.end</c> becomes.</summary>
/// <param name="Sends">One <c>VolumeExtended</c> per attachment to bridge, with its correlation id.</param>
/// <param name="Skipped">Attachments left to Nova (an <c>instance_uuid</c>) or detached: nothing to do, nothing wrong.</param>
/// <param name="NotBridged">Attachments that should be bridged but cannot be: reported, kept in the error queue.</param>
public sealed record BridgePlan(IReadOnlyList<BridgedRequest> Sends, IReadOnlyList<AttachmentNote> Skipped, IReadOnlyList<AttachmentNote> NotBridged);

/// <summary>A <c>VolumeExtended</c> to publish and its correlation id.</summary>
/// <param name="Request">The request, its host the routing key.</param>
/// <param name="CorrelationId">The id the worker answers with (<see cref="BridgeCorrelation"/>).</param>
public sealed record BridgedRequest(VolumeExtended Request, Guid CorrelationId);

/// <summary>An attachment not sent, and why.</summary>
/// <param name="AttachmentId">The row's id, or null.</param>
/// <param name="Host">The row's <c>attached_host</c> when it is a valid host name, else null.</param>
/// <param name="Reason">A reason name (<see cref="BridgeReasons"/>).</param>
/// <param name="Detail">One sentence; never a value of the connection.</param>
public sealed record AttachmentNote(string? AttachmentId, string? Host, string Reason, string Detail);
