using Brick.Contracts;
using Brick.Engine.Operations;
using Brick.Engine.Tests.Support;
using static Brick.Testing.Sizes;

namespace Brick.Engine.Tests.Operations;

public sealed class LocalAndCryptScenarioTests
{
    [Fact]
    public async Task A_loop_device_takes_its_grown_backing_file_through_losetup_set_capacity()
    {
        await using var sim = new SimulatedEngine();
        var volume = sim.Host.AddLoopVolume(64 << 20);
        volume.Lun.Grow(128 << 20);

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 128 << 20));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(128L << 20, outcome.SizeBytes);
        // The kernel is asked which file it holds for the device, then the capacity is set.
        Assert.Equal(
            [["--list", "--json", "--output", "NAME,BACK-MAJ:MIN,BACK-INO", $"/dev/{volume.Paths[0]}"], ["--set-capacity", $"/dev/{volume.Paths[0]}"]],
            sim.Runner.Calls.Select(c => c.Arguments.ToArray()));
    }

    [Fact]
    public async Task A_device_path_that_leads_out_of_dev_is_DeviceNotFound()
    {
        await using var sim = new SimulatedEngine(SimulatedEngine.FastOptions with { LocalDevicePatterns = ["/dev/loop*", "/dev/escape"] });
        var volume = sim.Host.AddLoopVolume(64 << 20);
        File.CreateSymbolicLink(Path.Combine(sim.Host.Directory, "dev", "escape"), "/etc/passwd");
        var request = volume.Request(SimulatedEngine.HostName, 64 << 20) with
        {
            Connection = VolumeConnection.From("local", new Dictionary<string, object> { ["device_path"] = "/dev/escape" }),
        };

        var outcome = await sim.ExtendAsync(request);

        Assert.Equal(ResizeFailureReason.DeviceNotFound, outcome.Reason);
        Assert.Empty(sim.Runner.Calls);
    }

    [Fact]
    public async Task A_LUKS_mapping_on_the_map_is_grown_and_the_decrypted_size_reported()
    {
        await using var sim = new SimulatedEngine();
        var volume = sim.Host.AddIscsiVolume(1 * GiB);
        var crypt = sim.Host.AddCrypt(volume.Map!, "crypt-vol", requiresKey: false);
        volume.Lun.Grow(2 * GiB);

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal("/dev/" + crypt, outcome.DevicePath);
        Assert.Equal((2 * GiB) - (33280 * 512), outcome.SizeBytes);
        Assert.Equal(volume.Map, outcome.MultipathDevice);
        Assert.Contains(sim.Runner.Calls, c => c.Arguments.SequenceEqual(["resize", "crypt-vol"]));
    }

    [Fact]
    public async Task A_LUKS_mapping_that_needs_a_key_the_worker_lacks_is_Unsupported_with_the_lower_layers_grown()
    {
        await using var sim = new SimulatedEngine();
        var volume = sim.Host.AddIscsiVolume(1 * GiB);
        sim.Host.AddCrypt(volume.Map!, "crypt-vol", requiresKey: true);
        volume.Lun.Grow(2 * GiB);

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.Equal(ResizeFailureReason.Unsupported, outcome.Reason);
        Assert.False(outcome.Retriable);
        Assert.Contains("key", outcome.Detail);
        Assert.DoesNotContain(sim.Runner.Calls, c => c.Program == "sim:cryptsetup" && c.Arguments[0] == "resize");
        Assert.All(outcome.Paths, p => Assert.Equal(2 * GiB, p.SizeBytes));
        Assert.Equal(2 * GiB, sim.Host.SizeOf(volume.Map!));
    }

    [Fact]
    public async Task A_LUKS_mapping_is_grown_with_the_key_file_the_worker_holds()
    {
        var keys = Directory.CreateTempSubdirectory("brick-keys-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(keys.FullName, "crypt-vol.key"), "secret", TestContext.Current.CancellationToken);
            await using var sim = new SimulatedEngine(SimulatedEngine.FastOptions with { CryptKeyDirectory = keys.FullName });
            var volume = sim.Host.AddIscsiVolume(1 * GiB);
            sim.Host.AddCrypt(volume.Map!, "crypt-vol", requiresKey: true);
            volume.Lun.Grow(2 * GiB);

            var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

            Assert.True(outcome.Succeeded, outcome.Detail);
            Assert.Contains(sim.Runner.Calls, c => c.Arguments.Contains("--key-file"));
        }
        finally
        {
            keys.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_replayed_LUKS_extension_needs_no_key_and_runs_no_resize()
    {
        await using var sim = new SimulatedEngine();
        var volume = sim.Host.AddIscsiVolume(1 * GiB);
        sim.Host.AddCrypt(volume.Map!, "crypt-vol", requiresKey: false);
        volume.Lun.Grow(2 * GiB);
        await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        var replay = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.True(replay.Succeeded, replay.Detail);
        Assert.Single(sim.Runner.Calls, c => c.Arguments[0] == "resize" && c.Program == "sim:cryptsetup");
    }

    [Fact]
    public async Task The_whole_operation_is_bounded_by_its_time_limit()
    {
        await using var sim = new SimulatedEngine(SimulatedEngine.FastOptions with
        {
            OperationTimeout = TimeSpan.FromMilliseconds(300),
            PathWaitTimeout = TimeSpan.FromSeconds(30),
        });
        var volume = sim.Host.AddIscsiVolume(1 * GiB);

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.Equal(ResizeFailureReason.RescanTimeout, outcome.Reason);
        Assert.Contains("did not finish", outcome.Detail);
    }

    [Fact]
    public async Task A_LUKS_mapping_larger_than_its_single_path_gives_is_never_shrunk_by_a_replayed_request()
    {
        // Issue 18 finding 10: the LUN shrank under a single-path LUKS volume (no map to stop it); a replayed old
        // request found the paths at its size, and cryptsetup resize made the mapping fill the smaller device.
        await using var sim = new SimulatedEngine();
        var volume = sim.Host.AddIscsiVolume(1 * GiB, paths: 1, multipath: false);
        var crypt = sim.Host.AddCrypt(volume.Paths[0], "crypt-vol", requiresKey: false);
        var before = (2 * GiB - (33280 * 512)) / 512;
        sim.Host.SetSizeText(crypt, $"{before}\n");

        var outcome = await sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 1 * GiB));

        Assert.Equal(ResizeFailureReason.PathSizeMismatch, outcome.Reason);
        Assert.False(outcome.Retriable);
        Assert.DoesNotContain(sim.Runner.Calls, c => c.Program == "sim:cryptsetup" && c.Arguments[0] == "resize");
        Assert.Equal(before * 512, sim.Host.SizeOf(crypt));
    }
}
