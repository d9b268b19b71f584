using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Kernel;
using Brick.Engine.Requests;

namespace Brick.Engine.Discovery;

/// <summary>
/// Finds the SCSI disks of an iSCSI or FC volume through <c>/dev/disk/by-path</c>: for iSCSI
/// <c>ip-PORTAL-iscsi-IQN-lun-N</c> per triple (or, where that name is absent, any <c>…-ip-PORTAL-…</c> with a
/// prefix), for FC <c>pci-…-fc-0xWWPN-lun-N</c> (or <c>platform-…</c>). Entries that lead nowhere are not paths.
/// </summary>
internal sealed class ScsiPathFinder(DevTree dev)
{
    public ScsiDisks FindIscsi(IscsiTarget target)
    {
        // Each path is looked up under its own udev name, so that a host's thousands of other paths cost nothing; the
        // directory is read only for a path not there under that name (a prefixed name, e.g. an offload HBA's pci-…-ip-…).
        IReadOnlyList<string>? entries = null;
        var disks = new List<string>();
        var missing = new List<string>();
        foreach (var path in target.Paths)
        {
            var names = IscsiEntryNames(path);
            var found = Resolve(names);
            if (found.Count == 0)
            {
                entries ??= dev.ByPathEntries();
                found = Resolve(entries.Where(e => names.Any(n => e.EndsWith("-" + n, StringComparison.Ordinal))));
            }

            if (found.Count == 0)
                missing.Add($"{path.Portal} {path.Iqn} lun {path.Lun}");
            disks.AddRange(found);
        }

        return new ScsiDisks([.. disks.Distinct()], missing);
    }

    public ScsiDisks FindFibreChannel(FibreChannelTarget target)
    {
        var entries = dev.ByPathEntries();
        var disks = new List<string>();
        var missing = new List<string>();
        foreach (var path in target.Paths)
        {
            var suffix = $"-fc-0x{path.Wwpn}-lun-{path.Lun}";
            var found = Resolve(entries.Where(e =>
                (e.StartsWith("pci-", StringComparison.Ordinal) || e.StartsWith("platform-", StringComparison.Ordinal))
                && e.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)));
            if (found.Count == 0)
                missing.Add($"0x{path.Wwpn} lun {path.Lun}");
            disks.AddRange(found);
        }

        return new ScsiDisks([.. disks.Distinct()], missing);
    }

    /// <summary>udev names iSCSI paths <c>ip-ADDR:PORT-iscsi-IQN-lun-N</c>; an IPv6 address may appear with or without brackets.</summary>
    private static string[] IscsiEntryNames(IscsiPath path)
    {
        var name = $"ip-{path.Portal}-iscsi-{path.Iqn}-lun-{path.Lun}";
        if (!path.Portal.StartsWith('['))
            return [name];
        var close = path.Portal.IndexOf(']', StringComparison.Ordinal);
        var bare = path.Portal[1..close] + path.Portal[(close + 1)..];
        return [name, $"ip-{bare}-iscsi-{path.Iqn}-lun-{path.Lun}"];
    }

    private List<string> Resolve(IEnumerable<string> entries)
    {
        var disks = new List<string>();
        foreach (var entry in entries)
        {
            string? name;
            try
            {
                name = dev.ResolveByPath(entry);
            }
            catch (PathEscapeException e)
            {
                throw new ExtendFailedException(ResizeFailureReason.DeviceNotFound, $"/dev/disk/by-path/{entry} is unusable: {e.Message}");
            }

            if (name is not null && DeviceName.IsScsiDisk(name))
                disks.Add(name);
        }

        return disks;
    }
}

/// <summary>The SCSI disks found for a volume's listed paths, in by-path order, and the listed paths that have no disk.</summary>
internal sealed record ScsiDisks(IReadOnlyList<string> Disks, IReadOnlyList<string> Missing);
