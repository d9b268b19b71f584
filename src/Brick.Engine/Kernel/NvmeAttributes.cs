namespace Brick.Engine.Kernel;

/// <summary>An NVMe controller attribute file the worker reads.</summary>
internal sealed record NvmeControllerAttribute(string FileName)
{
    /// <summary><c>subsysnqn</c>: the subsystem's NQN.</summary>
    public static NvmeControllerAttribute SubsystemNqn { get; } = new("subsysnqn");

    /// <summary><c>state</c>: <c>live</c>, <c>connecting</c>, <c>resetting</c>, …</summary>
    public static NvmeControllerAttribute State { get; } = new("state");
}

/// <summary>An NVMe namespace identity attribute file.</summary>
internal sealed record NvmeNamespaceId(string FileName)
{
    /// <summary><c>uuid</c>.</summary>
    public static NvmeNamespaceId Uuid { get; } = new("uuid");

    /// <summary><c>nguid</c>.</summary>
    public static NvmeNamespaceId Nguid { get; } = new("nguid");

    /// <summary><c>wwid</c> (<c>uuid.…</c>, <c>eui.…</c>).</summary>
    public static NvmeNamespaceId Wwid { get; } = new("wwid");
}
