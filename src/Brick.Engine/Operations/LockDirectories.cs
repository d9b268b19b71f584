using Brick.Engine.Core;
using Brick.Engine.Kernel;

namespace Brick.Engine.Operations;

/// <summary>Where the host's lock files (and the worker's other per-host runtime state) live when <c>LockDirectory</c> is not set.</summary>
public static class LockDirectories
{
    /// <summary>
    /// <c>/run/brick-worker</c> for the real <c>/dev</c>; beside the tree's <c>dev</c> (<c>ROOT/run/brick-worker</c>)
    /// for a simulated host, so that each tree has locks of its own and the CLI and the service on one tree share them.
    /// </summary>
    public static string DefaultFor(KernelRoots roots) =>
        Path.GetFullPath(roots.DevRoot) == Path.GetFullPath(KernelRoots.Real.DevRoot)
            ? "/run/brick-worker"
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(roots.DevRoot).TrimEnd('/')) ?? "/", "run", "brick-worker");

    /// <summary>The directory of the lock files: <c>LockDirectory</c> when set, else <see cref="DefaultFor"/>.</summary>
    public static string For(EngineOptions options, KernelRoots roots) => options.LockDirectory ?? DefaultFor(roots);
}
