namespace Brick.Contracts;

/// <summary>The size one path device of a volume reports, e.g. <c>sdc</c> or <c>nvme0c1n1</c>.</summary>
/// <param name="Device">The kernel name of the path device.</param>
/// <param name="SizeBytes">Its size in bytes as the kernel reports it, or null where it could not be read.</param>
public sealed record PathSize(string Device, long? SizeBytes);
