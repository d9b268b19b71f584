using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Kernel;

namespace Brick.Engine.Discovery;

/// <summary>
/// Finds the dm-multipath map above a volume's paths: their common holder whose <c>dm/uuid</c> is <c>mpath-…</c>,
/// or else <c>/dev/disk/by-id/dm-uuid-mpath-WWID</c>.
/// </summary>
internal sealed class MultipathMapFinder(Sysfs sys, DevTree dev)
{
    private const string Prefix = "mpath-";

    /// <summary>The map, or null where the paths have none.</summary>
    public MultipathMap? Find(IReadOnlyList<string> paths, string? wwid)
    {
        var maps = paths.ToDictionary(p => p, p => sys.Holders(p).Where(IsMultipathMap).ToList());
        var distinct = maps.Values.SelectMany(m => m).Distinct().ToList();
        if (distinct.Count > 1)
        {
            throw new ExtendFailedException(ResizeFailureReason.WwidMismatch,
                $"The paths belong to different multipath maps ({string.Join(", ", maps.Select(m => $"{m.Key} → {string.Join("/", m.Value)}"))}).");
        }

        var byId = FindById(wwid);
        var map = distinct.Count == 1 ? distinct[0] : byId;
        if (map is null)
            return null;
        if (byId is not null && byId != map)
        {
            throw new ExtendFailedException(ResizeFailureReason.WwidMismatch,
                $"The paths' map is {map} but /dev/disk/by-id/dm-uuid-{Prefix}{wwid} leads to {byId}.");
        }

        var uuid = sys.ReadDmUuid(map);
        if (wwid is not null && uuid != Prefix + wwid)
            throw new ExtendFailedException(ResizeFailureReason.WwidMismatch, $"Multipath map {map} is {uuid}, not {Prefix}{wwid}.");

        // A path that came back at another size than its map's is left out by multipathd (its size check): it is rejoined
        // after the map is resized. Only paths with the volume's WWID get here.
        var slaves = sys.Slaves(map);
        return new MultipathMap(map, [.. paths.Where(p => maps[p].Count == 0 && !slaves.Contains(p))]);
    }

    private string? FindById(string? wwid)
    {
        if (wwid is null)
            return null;
        try
        {
            var map = dev.ResolveById($"dm-uuid-{Prefix}{wwid}");
            return map is not null && DeviceName.IsDeviceMapper(map) ? map : null;
        }
        catch (PathEscapeException)
        {
            return null;
        }
    }

    private bool IsMultipathMap(string holder) =>
        DeviceName.IsDeviceMapper(holder) && sys.ReadDmUuid(holder)?.StartsWith(Prefix, StringComparison.Ordinal) == true;
}

/// <summary>A volume's dm-multipath map (<c>dm-N</c>) and the volume's paths that are not (yet) in it.</summary>
internal sealed record MultipathMap(string Device, IReadOnlyList<string> PathsOutside);
