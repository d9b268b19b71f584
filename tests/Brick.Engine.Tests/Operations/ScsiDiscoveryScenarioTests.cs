using System.Text.Json;
using Brick.Contracts;
using Brick.Engine.Tests.Support;
using static Brick.Testing.Sizes;

namespace Brick.Engine.Tests.Operations;

/// <summary>How SCSI volumes are found and checked before anything is touched.</summary>
public sealed class ScsiDiscoveryScenarioTests : IAsyncLifetime
{
    private readonly SimulatedEngine _sim = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _sim.DisposeAsync();

    [Fact]
    public async Task A_single_path_volume_is_rescanned_and_reports_the_path_as_its_device()
    {
        var volume = _sim.Host.AddIscsiVolume(1 * GiB, paths: 1, multipath: false);
        volume.Lun.Grow(2 * GiB);

        var outcome = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal("/dev/" + volume.Paths[0], outcome.DevicePath);
        Assert.Null(outcome.MultipathDevice);
        Assert.Equal(2 * GiB, outcome.SizeBytes);
        Assert.Empty(_sim.Runner.Calls);
    }

    [Fact]
    public async Task A_WWID_that_is_not_the_volumes_touches_nothing()
    {
        var volume = _sim.Host.AddIscsiVolume(1 * GiB);
        volume.Lun.Grow(2 * GiB);
        var request = volume.Request(SimulatedEngine.HostName, 2 * GiB);
        var data = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(request.Connection.Data)!;
        data["scsi_wwn"] = JsonSerializer.SerializeToElement("3600a0980383044ffffffffffffffffff");
        data.Remove("multipath_id");
        var wrong = request with { Connection = VolumeConnection.From("iscsi", data) };

        var outcome = await _sim.ExtendAsync(wrong);

        Assert.Equal(ResizeFailureReason.WwidMismatch, outcome.Reason);
        Assert.False(outcome.Retriable);
        Assert.Equal(0, _sim.Host.RescansWritten);
        Assert.Empty(_sim.Runner.Calls);
        Assert.Equal(1 * GiB, _sim.Host.SizeOf(volume.Paths[0]));
    }

    [Fact]
    public async Task The_multipath_map_is_found_through_its_holders()
    {
        var volume = _sim.Host.AddIscsiVolume(1 * GiB);
        volume.Lun.Grow(2 * GiB);
        File.Delete(Path.Combine(_sim.Host.Directory, "dev/disk/by-id", $"dm-uuid-mpath-{volume.Lun.Wwid}"));

        var outcome = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(volume.Map, outcome.MultipathDevice);
    }

    [Fact]
    public async Task The_multipath_map_is_found_through_dm_uuid_mpath_when_holders_are_missing()
    {
        var volume = _sim.Host.AddIscsiVolume(1 * GiB);
        volume.Lun.Grow(2 * GiB);
        foreach (var path in volume.Paths)
            File.Delete(Path.Combine(_sim.Host.Directory, "sys/block", path, "holders", volume.Map!));

        var outcome = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(volume.Map, outcome.MultipathDevice);
        Assert.Equal(2 * GiB, _sim.Host.SizeOf(volume.Map!));
    }

    [Fact]
    public async Task A_map_whose_by_id_link_leads_to_another_map_is_WwidMismatch_and_nothing_is_written()
    {
        var volume = _sim.Host.AddIscsiVolume(1 * GiB);
        var other = _sim.Host.AddIscsiVolume(1 * GiB, lunNumber: 2);
        var link = Path.Combine(_sim.Host.Directory, "dev/disk/by-id", $"dm-uuid-mpath-{volume.Lun.Wwid}");
        File.Delete(link);
        File.CreateSymbolicLink(link, $"../../{other.Map}");
        volume.Lun.Grow(2 * GiB);

        var outcome = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.Equal(ResizeFailureReason.WwidMismatch, outcome.Reason);
        Assert.Equal(0, _sim.Host.RescansWritten);
    }

    [Fact]
    public async Task A_request_naming_a_multipath_map_that_does_not_exist_is_DeviceNotFound_not_a_silent_success()
    {
        var volume = _sim.Host.AddIscsiVolume(1 * GiB, paths: 1, multipath: false);
        volume.Lun.Grow(2 * GiB);
        var request = volume.Request(SimulatedEngine.HostName, 2 * GiB);
        var data = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(request.Connection.Data)!;
        data["multipath_id"] = JsonSerializer.SerializeToElement(volume.Lun.Wwid);

        var outcome = await _sim.ExtendAsync(request with { Connection = VolumeConnection.From("iscsi", data) });

        Assert.Equal(ResizeFailureReason.DeviceNotFound, outcome.Reason);
        Assert.Contains("multipath", outcome.Detail);
    }

    [Fact]
    public async Task Fibre_channel_paths_are_found_through_their_pci_fc_by_path_names()
    {
        var volume = _sim.Host.AddFibreChannelVolume(4 * GiB, paths: 2);
        volume.Lun.Grow(8 * GiB);

        var outcome = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 8 * GiB));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(volume.Paths.Order(), outcome.Paths.Select(p => p.Device).Order());
        Assert.Equal(8 * GiB, outcome.SizeBytes);
    }

    [Fact]
    public async Task A_volume_with_no_device_on_this_host_is_DeviceNotFound()
    {
        var volume = _sim.Host.AddIscsiVolume(1 * GiB);
        foreach (var path in volume.Paths)
            _sim.Host.RemovePath(path);

        var outcome = await _sim.ExtendAsync(volume.Request(SimulatedEngine.HostName, 2 * GiB));

        Assert.Equal(ResizeFailureReason.DeviceNotFound, outcome.Reason);
        Assert.Null(outcome.DevicePath);
    }

    [Fact]
    public async Task Volumes_are_not_confused_with_one_another()
    {
        var first = _sim.Host.AddIscsiVolume(1 * GiB);
        var second = _sim.Host.AddIscsiVolume(1 * GiB, lunNumber: 2);
        second.Lun.Grow(3 * GiB);

        var outcome = await _sim.ExtendAsync(second.Request(SimulatedEngine.HostName, 3 * GiB, volumeId: "vol-2"));

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Equal(second.Map, outcome.MultipathDevice);
        Assert.Equal(1 * GiB, _sim.Host.SizeOf(first.Map!));
        Assert.All(first.Paths, p => Assert.Equal(0, _sim.Host.ScsiPath(p).Rescans));
    }
}
