using Brick.Simulation.Scripting;
using Brick.Simulation.Storage;
using static Brick.Testing.Sizes;

namespace Brick.Simulation.Tests.Storage;

/// <summary>A simulated host serves any well-formed request: the devices of a volume it has never seen are laid out as the request says, then grown.</summary>
public sealed class NeverSeenVolumeTests
{
    [Fact]
    public async Task A_multipath_iscsi_volume_never_seen_is_laid_out_with_the_request_s_paths_and_WWID_and_resized()
    {
        await using var host = new ServedEngine(new SimulationScript([]));

        var outcome = await host.TryAsync("vol-new", 8 * GiB, "iscsi", Connections.Iscsi());

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(8 * GiB, outcome.SizeBytes);
        var volume = Assert.Single(host.Array.Volumes);
        Assert.Equal(Connections.Wwid, volume.Lun.Wwid);
        Assert.Equal(2, outcome.Paths.Count);
        Assert.Equal(volume.Map, outcome.MultipathDevice);
        Assert.Equal(1, host.Array.Host.Multipathd.Calls);
        Assert.True(host.Array.Host.RescansWritten >= 2, "the engine rescanned both paths: the volume was laid out below the request");
    }

    [Fact]
    public async Task A_second_request_for_the_same_paths_finds_the_volume_laid_out_for_the_first()
    {
        await using var host = new ServedEngine(new SimulationScript([]));
        await host.TryAsync("vol-new", 4 * GiB, "iscsi", Connections.Iscsi());

        var outcome = await host.TryAsync("vol-new", 6 * GiB, "iscsi", Connections.Iscsi());

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(6 * GiB, outcome.SizeBytes);
        Assert.Single(host.Array.Volumes);
    }

    [Fact]
    public async Task A_single_path_iscsi_volume_without_multipath_is_resized_on_its_path()
    {
        await using var host = new ServedEngine(new SimulationScript([]));

        var outcome = await host.TryAsync("vol-1p", 2 * GiB, "iscsi", Connections.Iscsi(paths: 1, multipath: false));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Null(outcome.MultipathDevice);
        Assert.Equal(0, host.Array.Host.Multipathd.Calls);
    }

    [Fact]
    public async Task A_fibre_channel_volume_never_seen_is_laid_out_on_the_request_s_ports()
    {
        await using var host = new ServedEngine(new SimulationScript([]));
        var data = new { target_wwn = new[] { "500a098280feeb01", "500a098290feeb02" }, target_lun = 5, scsi_wwn = Connections.Wwid, multipath_id = Connections.Wwid };

        var outcome = await host.TryAsync("vol-fc", 3 * GiB, "fibre_channel", data);

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(3 * GiB, outcome.SizeBytes);
        Assert.Equal(2, outcome.Paths.Count);
    }

    [Fact]
    public async Task An_nvme_namespace_never_seen_is_laid_out_under_the_request_s_subsystem_with_native_multipath()
    {
        await using var host = new ServedEngine(new SimulationScript([]));
        var data = new { target_nqn = "nqn.2014-08.com.example:pool-1", vol_uuid = "1b4e28ba-2fa1-11d2-883f-0016d3cca427" };

        var outcome = await host.TryAsync("vol-nvme", 5 * GiB, "nvmeof", data);

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(5 * GiB, outcome.SizeBytes);
        Assert.NotNull(Assert.Single(host.Array.Volumes).NvmeHead);
    }

    [Theory]
    [InlineData("/dev/loop7")]
    [InlineData("/dev/disk/by-id/virtio-vol-local")]
    public async Task A_local_volume_never_seen_is_a_loop_device_at_the_request_s_device_path(string devicePath)
    {
        await using var host = new ServedEngine(new SimulationScript([]));

        var outcome = await host.TryAsync("vol-local", 1 * GiB, "local", new { device_path = devicePath });

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(1 * GiB, outcome.SizeBytes);
        Assert.StartsWith("loop", Assert.Single(host.Array.Volumes).Paths[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declared_LUKS_volume_is_grown_through_cryptsetup_and_reports_the_decrypted_size()
    {
        await using var host = new ServedEngine(new SimulationScript([new SimulatedVolumeSpec("iscsi", 1 * GiB, Luks: true, Wwid: Connections.Wwid)]));
        var declared = host.Array.Volumes[0];

        var outcome = await host.TryAsync("vol-luks", 2 * GiB, "iscsi", declared.Connection.Data);

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal((2 * GiB) - (33280 * 512), outcome.SizeBytes);
        Assert.Contains(host.Runner.Calls, c => c.Arguments is ["resize", _]);
    }

    [Fact]
    public async Task The_default_host_still_serves_its_contract_example_volume_and_loop0()
    {
        await using var host = new ServedEngine(SimulationScript.Default);
        var iscsi = host.Array.Volumes[0];

        var first = await host.TryAsync("vol-1", 20 * GiB, "iscsi", iscsi.Connection.Data);
        var second = await host.TryAsync("vol-2", 2 * GiB, "local", new { device_path = "/dev/loop0" });

        Assert.True(first.Succeeded, first.Detail);
        Assert.True(second.Succeeded, second.Detail);
        Assert.Equal(SimulatedVolumeSpec.IscsiWwid, iscsi.Lun.Wwid);
        Assert.Equal(2, host.Array.Volumes.Count);
    }
}
