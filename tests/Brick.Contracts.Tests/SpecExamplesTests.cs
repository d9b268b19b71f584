using System.Text.Json;
using System.Text.Json.Nodes;
using Brick.Contracts;

namespace Brick.Contracts.Tests;

public sealed class SpecExamplesTests
{
    private const string VolumeExtendedJson = """
        {
          "volumeId": "5f0c7b0e-6f39-4f59-9b2f-2b1e4f4a8c11",
          "host": "compute-07",
          "attachmentId": "a4e1c0b2-1111-4c3b-9d0e-0f9a8b7c6d5e",
          "newSizeBytes": 21474836480,
          "connection": {
            "driverVolumeType": "iscsi",
            "data": {
              "target_portals": ["192.0.2.10:3260", "192.0.2.11:3260"],
              "target_iqns": ["iqn.2010-10.org.example:vol-5f0c", "iqn.2010-10.org.example:vol-5f0c"],
              "target_luns": [1, 1],
              "scsi_wwn": "3600a09803830447a4f244c4657616f6f"
            }
          },
          "requestedAt": "2026-11-25T10:00:00Z"
        }
        """;

    private const string HostVolumeResizedJson = """
        {
          "volumeId": "5f0c7b0e-6f39-4f59-9b2f-2b1e4f4a8c11",
          "host": "compute-07",
          "attachmentId": "a4e1c0b2-1111-4c3b-9d0e-0f9a8b7c6d5e",
          "requestedSizeBytes": 21474836480,
          "newSizeBytes": 21474836480,
          "devicePath": "/dev/dm-3",
          "multipathDevice": "dm-3",
          "paths": [ {"device": "sdc", "sizeBytes": 21474836480}, {"device": "sdd", "sizeBytes": 21474836480} ],
          "correlationId": "c0ffee00-0000-4000-8000-000000000001",
          "completedAt": "2026-11-25T10:00:01.25Z",
          "elapsedMs": 1250
        }
        """;

    private const string HostVolumeResizeFailedJson = """
        {
          "volumeId": "5f0c7b0e-6f39-4f59-9b2f-2b1e4f4a8c11",
          "host": "compute-07",
          "attachmentId": null,
          "requestedSizeBytes": 21474836480,
          "observedSizeBytes": 10737418240,
          "reason": "RescanTimeout",
          "detail": "The paths did not reach 21474836480 bytes within 60 s.",
          "paths": [ {"device": "sdc", "sizeBytes": 10737418240} ],
          "retriable": true,
          "correlationId": null,
          "failedAt": "2026-11-25T10:01:00Z"
        }
        """;

    [Fact]
    public void The_VolumeExtended_example_round_trips_field_for_field() =>
        AssertRoundTrip<VolumeExtended>(VolumeExtendedJson);

    [Fact]
    public void The_HostVolumeResized_example_round_trips_field_for_field() =>
        AssertRoundTrip<HostVolumeResized>(HostVolumeResizedJson);

    [Fact]
    public void The_HostVolumeResizeFailed_example_round_trips_field_for_field() =>
        AssertRoundTrip<HostVolumeResizeFailed>(HostVolumeResizeFailedJson);

    [Fact]
    public void A_VolumeExtended_reads_its_values_from_the_spec_example()
    {
        var message = JsonSerializer.Deserialize<VolumeExtended>(VolumeExtendedJson, ContractJson.Options)!;

        Assert.Equal("compute-07", message.Host);
        Assert.Equal(21474836480, message.NewSizeBytes);
        Assert.Equal("iscsi", message.Connection.DriverVolumeType);
        Assert.Equal(2, message.Connection.Data.GetProperty("target_portals").GetArrayLength());
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), message.RequestedAt);
    }

    [Fact]
    public void Failure_reasons_are_written_by_name()
    {
        var json = JsonSerializer.Serialize(ResizeFailureReason.WwidMismatch, ContractJson.Options);

        Assert.Equal("\"WwidMismatch\"", json);
    }

    [Fact]
    public void Entity_names_follow_the_contract()
    {
        Assert.Equal("brick-worker.compute-07", EntityNames.WorkerQueue("compute-07"));
        Assert.Equal("brick-worker.compute-07_error", EntityNames.ErrorQueue("compute-07"));
        Assert.Equal("brick.volume-extended", EntityNames.VolumeExtendedExchange);
        Assert.Equal("brick.unrouted", EntityNames.Unrouted);
        Assert.Equal("brick.host-volume-resized", EntityNames.HostVolumeResizedExchange);
        Assert.Equal("brick.host-volume-resize-failed", EntityNames.HostVolumeResizeFailedExchange);
    }

    private static void AssertRoundTrip<T>(string json)
    {
        var message = JsonSerializer.Deserialize<T>(json, ContractJson.Options)!;
        var written = JsonSerializer.Serialize(message, ContractJson.Options);

        var expected = JsonNode.Parse(json)!;
        var actual = JsonNode.Parse(written)!;
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Expected {expected.ToJsonString()}\nbut wrote {actual.ToJsonString()}");
    }
}
