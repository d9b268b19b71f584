namespace Brick.Cinder.Notifications;

/// <summary>One row of the payload's <c>volume_attachment</c> (Cinder's <c>volume_attachment</c> table).</summary>
/// <param name="Id">The row's <c>id</c>: the attachment id.</param>
/// <param name="AttachedHost">The row's <c>attached_host</c>: the host the volume is connected to, or null.</param>
/// <param name="AttachStatus">The row's <c>attach_status</c> (<c>attached</c>, <c>attaching</c>, <c>reserved</c>, …).</param>
/// <param name="InstanceUuid">The row's <c>instance_uuid</c>: the Nova server, or null for other consumers.</param>
/// <param name="ConnectionInfo">The row's <c>connection_info</c>: a JSON string (the driver's <c>data</c> flattened next to <c>driver_volume_type</c>), or null.</param>
public sealed record CinderAttachment(string? Id, string? AttachedHost, string? AttachStatus, string? InstanceUuid, string? ConnectionInfo);
