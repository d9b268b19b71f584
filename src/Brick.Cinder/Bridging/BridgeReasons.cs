namespace Brick.Cinder.Bridging;

/// <summary>The reasons the bridge gives: in its log, the <c>reason</c> of its metrics and the <c>brick-reason</c> header of its error queue.</summary>
public static class BridgeReasons
{
    /// <summary>The body is not an oslo notification, or a <c>volume.resize.end</c> without a usable id, time, volume or size.</summary>
    public const string InvalidNotification = "InvalidNotification";

    /// <summary>An attachment without <c>connection_info</c> (reserved, not yet connected): no host knows the volume yet.</summary>
    public const string NoConnectionInfo = "NoConnectionInfo";

    /// <summary>An attachment without a valid <c>attached_host</c>.</summary>
    public const string NoHost = "NoHost";

    /// <summary>A <c>driver_volume_type</c> the worker does not handle (rbd, nfs, …).</summary>
    public const string Unsupported = "Unsupported";

    /// <summary>A connection the worker would refuse (a <c>local</c> one without <c>device_path</c>, a bad portal, …): the wire contract's rule is named.</summary>
    public const string InvalidRequest = "InvalidRequest";

    /// <summary>A <c>VolumeExtended</c> the broker did not confirm, its retries spent.</summary>
    public const string NotPublished = "NotPublished";

    /// <summary>Left to Nova: the attachment has an <c>instance_uuid</c> (metrics only, not an error).</summary>
    public const string Instance = "Instance";

    /// <summary>A detached attachment (metrics only, not an error).</summary>
    public const string Detached = "Detached";
}
