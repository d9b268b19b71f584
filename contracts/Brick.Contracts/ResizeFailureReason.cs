using System.Text.Json.Serialization;

namespace Brick.Contracts;

/// <summary>Why a host could not show a volume at its new size. Serialized by name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ResizeFailureReason>))]
public enum ResizeFailureReason
{
    /// <summary>The message is not a valid <see cref="VolumeExtended"/>; nothing ran on the host.</summary>
    InvalidRequest,

    /// <summary>The message names another host.</summary>
    Misrouted,

    /// <summary>A driver type or a device layer the worker cannot handle (e.g. a LUKS mapping without a key).</summary>
    Unsupported,

    /// <summary>No device of the volume was found, or a path of it is missing or not running.</summary>
    DeviceNotFound,

    /// <summary>A device found for the volume reports another WWID: nothing was touched.</summary>
    WwidMismatch,

    /// <summary>The paths did not reach the requested size in time: the array has not grown yet.</summary>
    RescanTimeout,

    /// <summary>The paths of the volume report different sizes.</summary>
    PathSizeMismatch,

    /// <summary><c>multipathd resize map</c> failed or kept timing out, or the map did not take the size.</summary>
    MultipathResizeFailed,

    /// <summary>A host command failed, timed out or could not start.</summary>
    CommandFailed,
}
