using Brick.Engine.Core;
using Brick.Engine.Kernel;

namespace Brick.Engine.Multipath;

/// <summary>Which socket the engine asks multipathd on (<see cref="EngineOptions.MultipathdSocket"/>).</summary>
public static class MultipathdSocketNames
{
    /// <summary>
    /// multipathd's socket in the abstract namespace (a leading <c>@</c> stands for the NUL byte), the name libmpathcmd
    /// connects to (<c>DEFAULT_SOCKET</c> in 0.9; <c>ABSTRACT_SOCKET</c>, which multipathd still listens on, from 0.12).
    /// </summary>
    public const string Abstract = "@/org/kernel/linux/storage/multipathd";

    /// <summary>The value of <see cref="EngineOptions.MultipathdSocket"/> that turns the socket off: the program always.</summary>
    public const string Off = "off";

    /// <summary>
    /// <see cref="Abstract"/> for the real <c>/dev</c>; beside a simulated tree's <c>dev</c>, <c>ROOT/run/multipathd.socket</c>
    /// (a path socket, which a simulated host may serve), so that a simulated tree never reaches the host's multipathd.
    /// </summary>
    public static string DefaultFor(KernelRoots roots) =>
        Path.GetFullPath(roots.DevRoot) == Path.GetFullPath(KernelRoots.Real.DevRoot)
            ? Abstract
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(roots.DevRoot).TrimEnd('/')) ?? "/", "run", "multipathd.socket");

    /// <summary>The socket to use: <see cref="EngineOptions.MultipathdSocket"/> when set, else <see cref="DefaultFor"/>; null when it is <see cref="Off"/>.</summary>
    public static string? For(EngineOptions options, KernelRoots roots) => options.MultipathdSocket switch
    {
        null => DefaultFor(roots),
        Off => null,
        var name => name,
    };
}
