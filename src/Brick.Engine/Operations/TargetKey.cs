using System.Globalization;
using System.Text;
using Brick.Engine.Requests;

namespace Brick.Engine.Operations;

/// <summary>
/// What a request asks of the host apart from its size: its volume (case-insensitively), where its devices are, its
/// WWID and whether a map is expected. Requests with one key are answered by one operation on the host (the largest
/// size among them); requests of one volume with different keys (a re-attachment in between) run one after another.
/// </summary>
internal static class TargetKey
{
    public static string Of(ExtendRequest request)
    {
        var key = new StringBuilder()
            .Append(request.VolumeId.ToUpperInvariant()).Append('\n')
            .Append(request.Target.DriverVolumeType).Append('\n');
        switch (request.Target)
        {
            case IscsiTarget iscsi:
                foreach (var path in iscsi.Paths)
                    key.Append(CultureInfo.InvariantCulture, $"{path.Portal} {path.Iqn} {path.Lun};");
                break;
            case FibreChannelTarget fc:
                foreach (var path in fc.Paths)
                    key.Append(CultureInfo.InvariantCulture, $"{path.Wwpn} {path.Lun};");
                break;
            case NvmeofTarget nvme:
                key.Append(CultureInfo.InvariantCulture, $"{nvme.Nqn} {nvme.Uuid} {nvme.Nguid}");
                break;
            case LocalTarget local:
                key.Append(local.DevicePath);
                break;
            default:
                // A target this key does not know is never joined with another request.
                key.Append(Guid.NewGuid().ToString("N"));
                break;
        }

        return key.Append('\n').Append(request.Wwid).Append('\n').Append(request.MultipathExpected)
            .Append('\n').Append(request.DevicePathHint).ToString();
    }
}
