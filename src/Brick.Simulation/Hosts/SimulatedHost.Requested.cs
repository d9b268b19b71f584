using Brick.Engine.Requests;
using Brick.Simulation.Devices;

namespace Brick.Simulation.Hosts;

public sealed partial class SimulatedHost
{
    /// <summary>
    /// Lays out the devices a request names, as the host would have them had the volume been attached as the request
    /// says: the iSCSI portal/IQN/LUN or FC port/LUN paths (a multipath map over them when the request names one, the
    /// request's WWID), the NVMe namespace of the request's subsystem and UUID/NGUID (native multipath, or a dm map when
    /// the request names one), or a loop device at the request's <c>device_path</c>; all at <paramref name="sizeBytes"/>.
    /// </summary>
    internal SimulatedVolume LayOut(ExtendRequest request, long sizeBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Target switch
        {
            IscsiTarget iscsi => AddIscsiVolume(sizeBytes, [.. iscsi.Paths.Select(p => (p.Portal, p.Iqn, p.Lun))],
                request.MultipathExpected, request.Wwid),
            FibreChannelTarget fc => AddFibreChannelVolume(sizeBytes, [.. fc.Paths.Select(p => (p.Wwpn, p.Lun))], request.MultipathExpected, request.Wwid),
            NvmeofTarget nvme => AddNvmeVolume(sizeBytes, nvme.Nqn, Dashed(nvme.Uuid), nvme.Nguid,
                nativeMultipath: !request.MultipathExpected, dmMap: request.MultipathExpected ? request.Wwid : null),
            LocalTarget local => AddLoopVolume(sizeBytes, local.DevicePath),
            _ => throw new ArgumentException($"The simulated host cannot lay out a {request.Target.DriverVolumeType} volume.", nameof(request)),
        };
    }

    /// <summary>A UUID as the kernel writes it (<c>8-4-4-4-12</c>), from the request's 32 hex digits.</summary>
    private static string? Dashed(string? hex) => hex is { Length: 32 } ? new Guid(hex).ToString() : hex;
}
