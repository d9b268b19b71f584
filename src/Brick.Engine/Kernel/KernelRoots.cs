namespace Brick.Engine.Kernel;

/// <summary>Where the host's <c>/sys</c> and <c>/dev</c> are: the real ones in production, a directory tree in tests.</summary>
/// <param name="SysRoot">The directory that stands for <c>/sys</c>.</param>
/// <param name="DevRoot">The directory that stands for <c>/dev</c>.</param>
public sealed record KernelRoots(string SysRoot = "/sys", string DevRoot = "/dev")
{
    /// <summary>The real roots.</summary>
    public static KernelRoots Real { get; } = new();
}
