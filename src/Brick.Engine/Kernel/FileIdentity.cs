using System.Globalization;

namespace Brick.Engine.Kernel;

/// <summary>
/// Which file an inode is, as the kernel numbers it: the device of its file system (major:minor) and its inode number.
/// A loop device's backing file is known to the kernel by these (<c>LOOP_GET_STATUS64</c>'s <c>lo_device</c> and
/// <c>lo_inode</c>, which <c>losetup --list</c> prints as <c>BACK-MAJ:MIN</c> and <c>BACK-INO</c>), not by a path.
/// </summary>
internal readonly record struct FileIdentity(uint Major, uint Minor, ulong Inode)
{
    /// <summary>As <c>losetup</c> and <c>stat</c> show it: <c>device 254:0, inode 11658896</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"device {Major}:{Minor}, inode {Inode}");
}
