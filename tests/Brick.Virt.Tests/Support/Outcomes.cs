using Brick.Contracts;

namespace Brick.Virt.Tests.Support;

internal static class Outcomes
{
    public const string Host = "compute-07";

    /// <summary>What <c>run</c> publishes once <paramref name="device"/> shows <paramref name="sizeBytes"/>.</summary>
    public static HostVolumeResized Resized(string device, long sizeBytes, string volumeId = "vol-1") =>
        new(volumeId, Host, null, sizeBytes, sizeBytes, device, null, [new PathSize("sdc", sizeBytes)], "corr-1", DateTimeOffset.UtcNow, 100);
}
