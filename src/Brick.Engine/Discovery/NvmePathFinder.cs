using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Kernel;
using Brick.Engine.Requests;

namespace Brick.Engine.Discovery;

/// <summary>
/// Finds an NVMe-oF namespace: the controllers whose <c>subsysnqn</c> is the target's, and under them the namespace whose
/// <c>uuid</c>, <c>nguid</c> or <c>wwid</c> matches — per-controller <c>nvmeXnY</c>, or hidden native-multipath paths
/// <c>nvmeXcYnZ</c> under one head <c>nvmeXnY</c> in <c>/sys/block</c>. A WWID in the request must be one every path
/// (and the head) answers to (<see cref="NvmeIdentity"/>).
/// </summary>
internal sealed class NvmePathFinder(Sysfs sys)
{
    public NvmePaths Find(NvmeofTarget target, string? wwid)
    {
        var found = Find(target);
        if (wwid is not null)
        {
            foreach (var path in found.Paths)
                NvmeIdentity.Require(path.Name, id => sys.ReadNvmeNamespaceId(path.Controller!, path.Name, id), wwid);
            if (found.Head is { } head)
                NvmeIdentity.Require(head, id => sys.ReadBlockNamespaceId(head, id), wwid);
        }

        return found;
    }

    private NvmePaths Find(NvmeofTarget target)
    {
        var controllers = sys.NvmeControllers()
            .Where(c => sys.ReadNvmeControllerAttribute(c, NvmeControllerAttribute.SubsystemNqn) == target.Nqn)
            .ToList();
        if (controllers.Count == 0)
            throw new ExtendFailedException(ResizeFailureReason.DeviceNotFound, $"No NVMe controller is connected to {target.Nqn}.");

        var down = controllers
            .Select(c => (Controller: c, State: sys.ReadNvmeControllerAttribute(c, NvmeControllerAttribute.State)))
            .Where(c => c.State is not ("live" or null))
            .ToList();
        if (down.Count > 0)
        {
            throw new ExtendFailedException(ResizeFailureReason.DeviceNotFound,
                $"Controller {string.Join(", ", down.Select(d => $"{d.Controller} is {d.State}"))}: every path must be live before a resize; nothing was touched.");
        }

        var paths = controllers
            .SelectMany(c => sys.NvmeControllerNamespaces(c)
                .Where(ns => Matches(id => sys.ReadNvmeNamespaceId(c, ns, id), target))
                .Select(ns => new PathDevice(ns, ns.Contains('c', StringComparison.Ordinal) ? PathKind.NvmeHiddenPath : PathKind.NvmeNamespace, c)))
            .ToList();
        if (paths.Count == 0)
            throw new ExtendFailedException(ResizeFailureReason.DeviceNotFound, $"No namespace of {target.Nqn} has the requested UUID/NGUID.");

        if (paths.All(p => p.Kind == PathKind.NvmeNamespace))
            return new NvmePaths(paths, null);

        var heads = sys.BlockNamespaces()
            .Where(ns => !ns.Contains('c', StringComparison.Ordinal) && Matches(id => sys.ReadBlockNamespaceId(ns, id), target))
            .ToList();
        return heads.Count == 1
            ? new NvmePaths(paths, heads[0])
            : throw new ExtendFailedException(ResizeFailureReason.DeviceNotFound,
                $"Expected one NVMe multipath head for the namespace, found {heads.Count}.");
    }

    private static bool Matches(Func<NvmeNamespaceId, string?> read, NvmeofTarget target)
    {
        // An all-zero identifier is what a namespace without one reports: it names no namespace, on either side.
        static string? Hex(string? value) =>
            NvmeNamespaceIds.IsNone(value) ? null : value?.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

        if (target.Uuid is not null && !NvmeNamespaceIds.IsNone(target.Uuid))
        {
            if (Hex(read(NvmeNamespaceId.Uuid)) == target.Uuid || Hex(read(NvmeNamespaceId.Wwid)) == "uuid." + target.Uuid)
                return true;
        }

        if (target.Nguid is not null && !NvmeNamespaceIds.IsNone(target.Nguid))
        {
            if (Hex(read(NvmeNamespaceId.Nguid)) == target.Nguid || Hex(read(NvmeNamespaceId.Wwid)) == "eui." + target.Nguid)
                return true;
        }

        return false;
    }
}

/// <summary>The path devices of an NVMe namespace, and the native multipath head above them where they are hidden paths.</summary>
internal sealed record NvmePaths(IReadOnlyList<PathDevice> Paths, string? Head);
