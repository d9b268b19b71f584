using Brick.Engine.Discovery;
using Brick.Engine.Kernel;

namespace Brick.Engine.Rescan;

/// <summary>Reads the size in bytes of a path device where its kind keeps it.</summary>
internal static class PathSizeReader
{
    public static long? Read(Sysfs sys, PathDevice path) => path.Kind == PathKind.NvmeHiddenPath
        ? sys.ReadNvmeNamespaceSizeBytes(path.Controller!, path.Name)
        : sys.ReadSizeBytes(path.Name);
}
