using System.Text.Json;
using Brick.Cinder.Notifications;
using Brick.Contracts;
using Brick.Engine.Requests;

namespace Brick.Cinder.Bridging;

/// <summary>
/// Turns a <c>volume.resize.end</c> into one <c>VolumeExtended</c> per attached host, following the wire contract:
/// <c>host</c> = <c>attached_host</c>, <c>newSizeBytes</c> = size × 2^30, <c>attachmentId</c> = the row's id, the
/// connection un-flattened (<see cref="ConnectionUnflattener"/>, secrets stripped), <c>requestedAt</c> = the
/// notification's time and a correlation id made from its <c>message_id</c> (<see cref="BridgeCorrelation"/>), so that
/// the same notification always makes the same messages. Attachments with an <c>instance_uuid</c> are Nova's and are
/// skipped unless <paramref name="includeInstanceAttachments"/>; detached ones are skipped. Each request is checked by
/// the worker's own validator for its host: what the worker would refuse is not sent but reported.
/// </summary>
public sealed class BridgePlanner(bool includeInstanceAttachments, TimeProvider? clock = null)
{
    private const long Gib = 1L << 30;

    private static readonly string[] Supported = ["iscsi", "fibre_channel", "nvmeof", "local"];

    /// <summary>The plan for <paramref name="notification"/>.</summary>
    public BridgePlan Plan(ResizeNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var sends = new List<BridgedRequest>();
        var skipped = new List<AttachmentNote>();
        var failed = new List<AttachmentNote>();
        foreach (var row in notification.Attachments)
        {
            var host = row.AttachedHost is { } named && RequestValidator.IsValidHostName(named) ? named : null;
            var id = row.Id is { } given && RequestValidator.IsValidIdentifier(given) ? given : null;
            if (row.AttachStatus is "detached")
            {
                skipped.Add(new AttachmentNote(id, host, BridgeReasons.Detached, "The attachment is detached."));
                continue;
            }

            if (row.InstanceUuid is not null && !includeInstanceAttachments)
            {
                skipped.Add(new AttachmentNote(id, host, BridgeReasons.Instance, "The attachment belongs to a Nova instance, which extends it itself."));
                continue;
            }

            if (host is null)
            {
                failed.Add(new AttachmentNote(id, null, BridgeReasons.NoHost, "The attachment has no valid attached_host."));
                continue;
            }

            if (row.ConnectionInfo is not { } info)
            {
                failed.Add(new AttachmentNote(id, host, BridgeReasons.NoConnectionInfo,
                    $"The attachment ({row.AttachStatus ?? "no status"}) has no connection_info: the host has not been connected to the volume."));
                continue;
            }

            if (ConnectionUnflattener.Unflatten(info, out var problem) is not { } connection)
            {
                failed.Add(new AttachmentNote(id, host, BridgeReasons.InvalidRequest, $"The attachment's {problem}."));
                continue;
            }

            if (!Supported.Contains(connection.DriverVolumeType, StringComparer.Ordinal))
            {
                failed.Add(new AttachmentNote(id, host, BridgeReasons.Unsupported,
                    $"The worker does not handle driver_volume_type {(RequestValidator.IsValidIdentifier(connection.DriverVolumeType) ? connection.DriverVolumeType : "(unprintable)")}."));
                continue;
            }

            var request = new VolumeExtended(notification.VolumeId, host, id ?? row.Id, notification.SizeGib * Gib,
                new VolumeConnection(connection.DriverVolumeType, JsonSerializer.SerializeToElement(connection.Data)), notification.Timestamp);
            var validation = new RequestValidator(host, clock).Validate(JsonSerializer.SerializeToElement(request, ContractJson.Options));
            if (!validation.IsValid)
            {
                var reason = validation.Reason == ResizeFailureReason.Unsupported ? BridgeReasons.Unsupported : BridgeReasons.InvalidRequest;
                failed.Add(new AttachmentNote(id, host, reason, validation.Detail ?? "The worker would refuse the request."));
                continue;
            }

            sends.Add(new BridgedRequest(request, BridgeCorrelation.Of(notification.MessageId, id ?? host)));
        }

        return new BridgePlan(sends, skipped, failed);
    }
}
