using System.Text.RegularExpressions;

namespace Brick.Engine.Kernel;

/// <summary>
/// The kernel block and controller names the worker may build a path from:
/// <c>sdX</c>, <c>dm-N</c>, <c>nvmeXnY</c>, <c>nvmeXcYnZ</c>, <c>nvmeX</c>, <c>loopN</c>.
/// </summary>
internal static partial class DeviceName
{
    /// <summary>Whether <paramref name="name"/> is one of the allowed kernel names.</summary>
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    /// <summary>Whether <paramref name="name"/> is a SCSI disk, <c>sdX</c>.</summary>
    public static bool IsScsiDisk(string name) => name.StartsWith("sd", StringComparison.Ordinal) && IsValid(name);

    /// <summary>Whether <paramref name="name"/> is a device-mapper device, <c>dm-N</c>.</summary>
    public static bool IsDeviceMapper(string name) => name.StartsWith("dm-", StringComparison.Ordinal) && IsValid(name);

    /// <summary>Whether <paramref name="name"/> is a loop device, <c>loopN</c>.</summary>
    public static bool IsLoop(string name) => name.StartsWith("loop", StringComparison.Ordinal) && IsValid(name);

    /// <summary>Whether <paramref name="name"/> is an NVMe controller, <c>nvmeX</c>.</summary>
    public static bool IsNvmeController(string name) => NvmeController().IsMatch(name);

    /// <summary>Whether <paramref name="name"/> is an NVMe namespace, <c>nvmeXnY</c> or a hidden path <c>nvmeXcYnZ</c>.</summary>
    public static bool IsNvmeNamespace(string name) => NvmeNamespace().IsMatch(name);

    /// <summary>Returns <paramref name="name"/> when valid, else throws.</summary>
    public static string Require(string name) =>
        IsValid(name) ? name : throw new PathEscapeException($"'{name}' is not an allowed kernel device name.");

    [GeneratedRegex(@"^(sd[a-z]+|dm-[0-9]+|nvme[0-9]+(c[0-9]+)?n[0-9]+|nvme[0-9]+|loop[0-9]+)\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^nvme[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex NvmeController();

    [GeneratedRegex(@"^nvme[0-9]+(c[0-9]+)?n[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex NvmeNamespace();
}
