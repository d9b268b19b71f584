namespace Brick.Engine.Discovery;

/// <summary>How a path device is rescanned and where its size is read.</summary>
internal enum PathKind
{
    /// <summary>A SCSI disk <c>sdX</c> (iSCSI, FC): rescanned through <c>device/rescan</c>.</summary>
    ScsiDisk,

    /// <summary>An NVMe namespace <c>nvmeXnY</c> of one controller: rescanned through the controller.</summary>
    NvmeNamespace,

    /// <summary>A hidden native-multipath path <c>nvmeXcYnZ</c>: rescanned through its controller, sized under it.</summary>
    NvmeHiddenPath,

    /// <summary>A loop device: its capacity is re-read from the backing file.</summary>
    Loop,

    /// <summary>Another local block device: nothing to rescan.</summary>
    LocalBlock,
}

/// <summary>One path device of a volume.</summary>
/// <param name="Name">Its kernel name.</param>
/// <param name="Kind">How it is rescanned and sized.</param>
/// <param name="Controller">The NVMe controller it is reached through, for NVMe kinds.</param>
internal sealed record PathDevice(string Name, PathKind Kind, string? Controller = null);
