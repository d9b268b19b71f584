namespace Brick.RealKernel.Tests;

/// <summary>A scenario of <c>tests/vm/payloads/scenarios/run.sh</c>: which boot, its run label, and what it must show.</summary>
internal sealed record Scenario(string Boot, string Label, string Title, string Expected)
{
    public const long GiB = Brick.Testing.Sizes.GiB;

    /// <summary>LUKS2's data offset as cryptsetup lays it out on the real kernel (16 MiB header + 256 KiB).</summary>
    public const long LuksOffsetSectors = 33280;

    public static readonly Scenario IscsiGrow = new(RealKernelSuite.Native, "iscsi-grow",
        "iSCSI, 2 portals, dm-multipath: LUN grown 1 → 2 GiB", "exit 0, 2 GiB on both paths and the map, multipathd ×1");

    public static readonly Scenario IscsiReplay = new(RealKernelSuite.Native, "iscsi-replay",
        "the same request again (replay)", "exit 0, 2 GiB, multipathd ×0");

    public static readonly Scenario IscsiWrongWwid = new(RealKernelSuite.Native, "iscsi-wrong-wwid",
        "LUN grown to 3 GiB, request with another volume's WWID", "exit 1, WwidMismatch, paths still 2 GiB (no rescan), multipathd ×0");

    public static readonly Scenario IscsiPathDown = new(RealKernelSuite.Native, "iscsi-path-down",
        "portal 2 taken away, then LUN grown to 3 GiB", "exit 1, DeviceNotFound (retriable), nothing resized, multipathd ×0");

    public static readonly Scenario IscsiPathBack = new(RealKernelSuite.Native, "iscsi-path-back",
        "portal 2 back, the same request retried", "exit 0, 3 GiB on both paths and the map, multipathd ×1");

    public static readonly Scenario IscsiLogout = new(RealKernelSuite.Native, "iscsi-logout",
        "portal 2 logged out (iscsiadm --logout, sdb gone), then LUN grown to 4 GiB", "exit 1, DeviceNotFound (retriable), sda and the map still 3 GiB, multipathd ×0");

    public static readonly Scenario IscsiLoginRetry = new(RealKernelSuite.Native, "iscsi-login-retry",
        "portal 2 logged in again (the path back at 4 GiB, left out of the 3 GiB map by multipathd), the same request retried",
        "exit 0, 4 GiB on both paths and the map, the path back in the map's slaves, multipathd ×2 (resize map, add path)");

    public static readonly Scenario LuksNoKey = new(RealKernelSuite.Native, "luks-no-key",
        "LUKS2 on the map (key in the keyring), LUN grown to 5 GiB, no key file", "exit 1, Unsupported, paths and map at 5 GiB, crypt mapping unchanged");

    public static readonly Scenario LuksWithKey = new(RealKernelSuite.Native, "luks-with-key",
        "the same with --crypt-key-dir holding brickcrypt.key", "exit 0, decrypted size 5 GiB − 33280 sectors");

    public static readonly Scenario NvmeNative = new(RealKernelSuite.Native, "nvme-native",
        "NVMe/TCP, 2 ports, native multipath: namespace grown 1 → 2 GiB (no AEN), by NQN + UUID", "exit 0, 2 GiB on the head and both hidden paths, multipathd ×0");

    public static readonly Scenario NvmePerController = new(RealKernelSuite.MultipathN, "nvme-n-no-map",
        "NVMe/TCP, 2 ports, per-controller namespaces, no dm map: grown 1 → 2 GiB", "exit 0, 2 GiB on both namespaces, multipathd ×0");

    public static readonly Scenario NvmeDmMultipath = new(RealKernelSuite.MultipathN, "nvme-n-map",
        "the same namespaces under a dm-multipath map (multipathd): grown to 3 GiB", "exit 0, 3 GiB on both namespaces and the map, multipathd ×1");

    public static readonly Scenario LocalLoop = new(RealKernelSuite.MultipathN, "local-loop",
        "local: a loop device whose backing file grew 64 → 128 MiB", "exit 0, 128 MiB on /dev/loopN");

    public static IReadOnlyList<Scenario> All { get; } =
        [IscsiGrow, IscsiReplay, IscsiWrongWwid, IscsiPathDown, IscsiPathBack, IscsiLogout, IscsiLoginRetry, LuksNoKey, LuksWithKey, NvmeNative, NvmePerController, NvmeDmMultipath, LocalLoop];
}
