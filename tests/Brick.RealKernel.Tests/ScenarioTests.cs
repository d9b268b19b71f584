using Brick.Contracts;

namespace Brick.RealKernel.Tests;

/// <summary>
/// The real <c>brick-worker extend</c> against Debian's own kernel in QEMU: real LIO iSCSI with two portals and
/// dm-multipath, NVMe/TCP (native multipath and <c>nvme_core.multipath=N</c>), LUKS2 on the map, a loop device. The
/// guest runs every scenario once per boot (<see cref="RealKernelSuite"/>); each test judges one of them.
/// </summary>
public sealed class ScenarioTests(RealKernelSuite suite)
{
    private const long Sector = 512;

    [Fact]
    public void A_grown_iscsi_multipath_volume_is_extended_with_one_multipathd_call() =>
        Check(Scenario.IscsiGrow, (run, before, after) =>
        {
            var ok = Succeeded(run, 2 * Scenario.GiB);
            Assert.Equal("dm-0", ok.MultipathDevice);
            Assert.Equal("/dev/dm-0", ok.DevicePath);
            Assert.Equal(2, ok.Paths.Count);
            Assert.All(ok.Paths, p => Assert.Equal(2 * Scenario.GiB, p.SizeBytes));
            AllSectors(before, Scenario.GiB, "before: the LUN grew but nothing was rescanned yet");
            AllSectors(after, 2 * Scenario.GiB, "after: both paths and the map");
            Assert.Equal(1, run.MultipathdCalls);
        });

    [Fact]
    public void Replaying_the_same_request_succeeds_without_calling_multipathd() =>
        Check(Scenario.IscsiReplay, (run, _, after) =>
        {
            var ok = Succeeded(run, 2 * Scenario.GiB);
            Assert.Equal("dm-0", ok.MultipathDevice);
            AllSectors(after, 2 * Scenario.GiB, "after the replay");
            Assert.Equal(0, run.MultipathdCalls);
        });

    [Fact]
    public void A_request_naming_another_volumes_wwid_fails_with_WwidMismatch_and_writes_no_rescan() =>
        Check(Scenario.IscsiWrongWwid, (run, before, after) =>
        {
            var failed = FailedWith(run, ResizeFailureReason.WwidMismatch);
            Assert.False(failed.Retriable);
            // The LUN is at 3 GiB: a rescan written to any path would have shown it.
            AllSectors(before, 2 * Scenario.GiB, "before");
            AllSectors(after, 2 * Scenario.GiB, "after: no path was rescanned");
            Assert.Equal(0, run.MultipathdCalls);
        });

    [Fact]
    public void A_path_whose_portal_is_gone_fails_with_DeviceNotFound_and_nothing_is_resized() =>
        Check(Scenario.IscsiPathDown, (run, before, after) =>
        {
            var failed = FailedWith(run, ResizeFailureReason.DeviceNotFound);
            Assert.True(failed.Retriable);
            AllSectors(before, 2 * Scenario.GiB, "before");
            AllSectors(after, 2 * Scenario.GiB, "after: no path and not the map");
            Assert.Equal(0, run.MultipathdCalls);
        });

    [Fact]
    public void After_the_portal_comes_back_the_retry_succeeds() =>
        Check(Scenario.IscsiPathBack, (run, before, after) =>
        {
            var ok = Succeeded(run, 3 * Scenario.GiB);
            Assert.Equal("dm-0", ok.MultipathDevice);
            Assert.All(ok.Paths, p => Assert.Equal(3 * Scenario.GiB, p.SizeBytes));
            AllSectors(before, 2 * Scenario.GiB, "before: the returning path keeps its old size until rescanned");
            AllSectors(after, 3 * Scenario.GiB, "after: both paths and the map");
            Assert.Equal(1, run.MultipathdCalls);
        });

    [Fact]
    public void A_path_logged_out_of_its_portal_fails_with_DeviceNotFound_and_nothing_is_resized() =>
        Check(Scenario.IscsiLogout, (run, output, before, after) =>
        {
            var failed = FailedWith(run, ResizeFailureReason.DeviceNotFound);
            Assert.True(failed.Retriable);
            var (first, second) = IscsiPaths(output);
            foreach (var (when, sizes) in new[] { ("before", before), ("after", after) })
            {
                Assert.True(sizes.ContainsKey(second) && sizes[second] is null, $"{when}: {second} should be gone after the logout");
                AllSectors(sizes.Where(kv => kv.Key != second).ToDictionary(), 3 * Scenario.GiB, $"{when}: {first} and the map (no rescan)");
            }

            Assert.Equal(0, run.MultipathdCalls);
        });

    [Fact]
    public void After_a_new_login_the_retry_resizes_the_map_and_puts_the_path_that_came_back_larger_into_it() =>
        Check(Scenario.IscsiLoginRetry, (run, output, before, after) =>
        {
            var (first, _) = IscsiPaths(output);
            var back = output.Fact("iscsi-login-path");
            Assert.False(string.IsNullOrEmpty(back), "the guest reported no path for portal 2 after the login");
            var slavesBefore = Slaves(output, "iscsi-login-retry", "before");
            Assert.True(!slavesBefore.Contains(back), $"the premise: multipathd keeps {back} (at the new size) out of the smaller map, but dm-0's slaves were {string.Join(" ", slavesBefore)}");
            Assert.Equal(4 * Scenario.GiB / Sector, before[back]);
            Assert.Equal(3 * Scenario.GiB / Sector, before[first]);
            Assert.Equal(3 * Scenario.GiB / Sector, before["dm-0"]);

            var ok = Succeeded(run, 4 * Scenario.GiB);
            Assert.Equal("dm-0", ok.MultipathDevice);
            Assert.Equal(2, ok.Paths.Count);
            Assert.All(ok.Paths, p => Assert.Equal(4 * Scenario.GiB, p.SizeBytes));
            AllSectors(after, 4 * Scenario.GiB, "after: both paths and the map");
            Assert.Contains(back, Slaves(output, "iscsi-login-retry", "after"));
            Assert.Equal(2, run.MultipathdCalls);
            Assert.Equal(["resize map /dev/dm-0", $"add path {back}"], run.MultipathdArguments);
        });

    [Fact]
    public void A_luks_mapping_keyed_in_the_keyring_is_Unsupported_without_the_key_with_every_lower_layer_grown() =>
        Check(Scenario.LuksNoKey, (run, before, after) =>
        {
            var failed = FailedWith(run, ResizeFailureReason.Unsupported);
            Assert.False(failed.Retriable);
            Assert.NotEmpty(failed.Paths);
            Assert.All(failed.Paths, p => Assert.Equal(5 * Scenario.GiB, p.SizeBytes));
            var lower = after.Where(kv => kv.Key != "dm-1").ToDictionary();
            AllSectors(lower, 5 * Scenario.GiB, "after: both paths and the map");
            Assert.Equal(before["dm-1"], after["dm-1"]);
            Assert.Equal(1, run.MultipathdCalls);
        });

    [Fact]
    public void With_its_key_file_the_luks_mapping_is_grown_and_its_decrypted_size_reported() =>
        Check(Scenario.LuksWithKey, (run, _, after) =>
        {
            var decrypted = 5 * Scenario.GiB - Scenario.LuksOffsetSectors * Sector;
            var ok = Succeeded(run, decrypted);
            Assert.Equal("/dev/dm-1", ok.DevicePath);
            Assert.Equal("dm-0", ok.MultipathDevice);
            Assert.Equal(decrypted / Sector, after["dm-1"]);
            Assert.Equal(5 * Scenario.GiB / Sector, after["dm-0"]);
            Assert.Equal(0, run.MultipathdCalls);
        });

    [Fact]
    public void An_nvme_tcp_namespace_with_native_multipath_is_extended_by_nqn_and_uuid() =>
        Check(Scenario.NvmeNative, (run, before, after) =>
        {
            var ok = Succeeded(run, 2 * Scenario.GiB);
            Assert.Null(ok.MultipathDevice);
            Assert.Equal("/dev/nvme0n1", ok.DevicePath);
            Assert.Equal(2, ok.Paths.Count);
            Assert.All(ok.Paths, p => Assert.Matches("^nvme[0-9]+c[0-9]+n[0-9]+$", p.Device));
            AllSectors(before, Scenario.GiB, "before: no AEN, so the host had not seen the growth");
            AllSectors(after, 2 * Scenario.GiB, "after: the head and both hidden paths");
            Assert.Equal(0, run.MultipathdCalls);
        });

    [Fact]
    public void With_nvme_core_multipath_N_the_per_controller_namespaces_are_extended() =>
        Check(Scenario.NvmePerController, (run, before, after) =>
        {
            var ok = Succeeded(run, 2 * Scenario.GiB);
            Assert.Null(ok.MultipathDevice);
            Assert.Equal(2, ok.Paths.Count);
            Assert.All(ok.Paths, p => Assert.Matches("^nvme[0-9]+n[0-9]+$", p.Device));
            AllSectors(before, Scenario.GiB, "before");
            AllSectors(after, 2 * Scenario.GiB, "after: both controllers' namespaces");
            Assert.Equal(0, run.MultipathdCalls);
        });

    [Fact]
    public void With_nvme_core_multipath_N_and_a_dm_multipath_map_the_map_is_extended_with_one_multipathd_call() =>
        Check(Scenario.NvmeDmMultipath, (run, before, after) =>
        {
            var ok = Succeeded(run, 3 * Scenario.GiB);
            Assert.Equal("dm-0", ok.MultipathDevice);
            Assert.Equal("/dev/dm-0", ok.DevicePath);
            AllSectors(before, 2 * Scenario.GiB, "before");
            AllSectors(after, 3 * Scenario.GiB, "after: both namespaces and the map");
            Assert.Equal(1, run.MultipathdCalls);
        });

    [Fact]
    public void A_grown_loop_device_is_extended_as_a_local_volume() =>
        Check(Scenario.LocalLoop, (run, before, after) =>
        {
            var ok = Succeeded(run, 128L << 20);
            Assert.Matches("^/dev/loop[0-9]+$", ok.DevicePath);
            AllSectors(before, 64L << 20, "before: the backing file grew, the loop device not yet");
            AllSectors(after, 128L << 20, "after");
            Assert.Equal(0, run.MultipathdCalls);
        });

    private void Check(Scenario scenario, Action<WorkerRun, IReadOnlyDictionary<string, long?>, IReadOnlyDictionary<string, long?>> assert) =>
        Check(scenario, (run, _, before, after) => assert(run, before, after));

    private void Check(Scenario scenario, Action<WorkerRun, GuestOutput, IReadOnlyDictionary<string, long?>, IReadOnlyDictionary<string, long?>> assert)
    {
        suite.Require();
        WorkerRun? run = null;
        try
        {
            (run, var output) = suite.Run(scenario.Boot, scenario.Label);
            var before = output.Sizes(scenario.Label, "before");
            var after = output.Sizes(scenario.Label, "after");
            TestContext.Current.SendDiagnosticMessage($"{scenario.Label}: {run.Summary()}; sizes before {Render(before)}, after {Render(after)}");
            try
            {
                assert(run, output, before, after);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{e.Message}{Environment.NewLine}{Environment.NewLine}sizes (sectors) before {Render(before)}, after {Render(after)}{Environment.NewLine}{run.Describe()}", e);
            }

            suite.Table.Add(scenario, run.Summary(), passed: true, run.Milliseconds / 1000.0);
        }
        catch (Exception e)
        {
            suite.Table.Add(scenario, run?.Summary() ?? e.Message.Split('\n')[0].Trim(), passed: false, run?.Milliseconds / 1000.0);
            throw;
        }
    }

    /// <summary>The iSCSI paths of portals 1 and 2 as the guest found them after the first logins.</summary>
    private static (string First, string Second) IscsiPaths(GuestOutput output)
    {
        var paths = (output.Fact("iscsi-paths") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(paths.Length == 2, $"the guest reported iSCSI paths '{output.Fact("iscsi-paths")}'");
        return (paths[0], paths[1]);
    }

    /// <summary>dm-0's slaves as the guest listed them for <paramref name="label"/>.</summary>
    private static string[] Slaves(GuestOutput output, string label, string when) =>
        (output.Fact($"{label}-slaves-{when}") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static HostVolumeResized Succeeded(WorkerRun run, long expectedBytes)
    {
        Assert.True(run.ExitCode == 0, $"expected exit 0, got {run.ExitCode}");
        var ok = Assert.IsType<HostVolumeResized>(run.Resized);
        Assert.Equal(expectedBytes, ok.NewSizeBytes);
        Assert.Equal("brick-vm", ok.Host);
        return ok;
    }

    private static HostVolumeResizeFailed FailedWith(WorkerRun run, ResizeFailureReason reason)
    {
        Assert.True(run.ExitCode == 1, $"expected exit 1, got {run.ExitCode}");
        var failed = Assert.IsType<HostVolumeResizeFailed>(run.Failed);
        Assert.Equal(reason, failed.Reason);
        return failed;
    }

    private static void AllSectors(IReadOnlyDictionary<string, long?> sizes, long bytes, string what)
    {
        Assert.True(sizes.Count > 0, $"{what}: no sizes were reported");
        foreach (var (device, sectors) in sizes)
            Assert.True(sectors == bytes / Sector, $"{what}: {device} shows {sectors?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"} sectors, expected {bytes / Sector}");
    }

    private static string Render(IReadOnlyDictionary<string, long?> sizes) =>
        sizes.Count == 0 ? "(none)" : string.Join(" ", sizes.Select(kv => $"{kv.Key}={kv.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "absent"}"));
}
