using System.Text.Json;
using System.Text.Json.Nodes;
using Brick.Cinder.Bridging;
using Brick.Cinder.Notifications;
using Brick.Contracts;

namespace Brick.Cinder.Tests;

/// <summary>The plan for what Cinder 21.3.1 itself sent (Fixtures/README.md): which attachments become which <c>VolumeExtended</c>.</summary>
public sealed class BridgePlannerTests
{
    private static ResizeNotification Resize(JsonElement? body = null) => NotificationReader.Read(body ?? CinderFixture.Element()).Resize!;

    [Fact]
    public void Sends_one_request_per_host_that_is_not_Nova_s_and_reports_the_rest()
    {
        var plan = new BridgePlanner(includeInstanceAttachments: false).Plan(Resize());

        Assert.Equal(["compute-fc", "compute-iscsi", "compute-nvme"], plan.Sends.Select(s => s.Request.Host).Order());
        Assert.Equal(("compute-nova", BridgeReasons.Instance), Assert.Single(plan.Skipped) is var s ? (s.Host, s.Reason) : default);
        Assert.Equal(
            [("compute-local", BridgeReasons.InvalidRequest), ("compute-rbd", BridgeReasons.Unsupported), ("compute-reserved", BridgeReasons.NoConnectionInfo)],
            plan.NotBridged.Select(n => (n.Host!, n.Reason)).Order());
        Assert.Contains("device_path", plan.NotBridged.Single(n => n.Host == "compute-local").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Nova_s_attachments_are_sent_when_asked()
    {
        var plan = new BridgePlanner(includeInstanceAttachments: true).Plan(Resize());

        Assert.Contains(plan.Sends, s => s.Request.Host == "compute-nova");
        Assert.Empty(plan.Skipped);
    }

    [Fact]
    public void Each_request_follows_the_wire_contract()
    {
        var resize = Resize();
        var rows = resize.Attachments.ToDictionary(a => a.AttachedHost!);
        var plan = new BridgePlanner(false).Plan(resize);

        foreach (var (request, _) in plan.Sends)
        {
            Assert.Equal(resize.VolumeId, request.VolumeId);
            Assert.Equal(12L << 30, request.NewSizeBytes);
            Assert.Equal(rows[request.Host].Id, request.AttachmentId);
            Assert.Equal(resize.Timestamp, request.RequestedAt);
        }

        var iscsi = plan.Sends.Single(s => s.Request.Host == "compute-iscsi").Request.Connection;
        Assert.Equal("iscsi", iscsi.DriverVolumeType);
        Assert.Equal(["198.51.100.10:3260", "198.51.100.11:3260"], iscsi.Data.GetProperty("target_portals").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(2, iscsi.Data.GetProperty("target_luns").GetArrayLength());
        Assert.False(iscsi.Data.TryGetProperty("driver_volume_type", out _));
        Assert.False(iscsi.Data.TryGetProperty("attachment_id", out _));
        var nvme = plan.Sends.Single(s => s.Request.Host == "compute-nvme").Request.Connection;
        Assert.Equal("nvmeof", nvme.DriverVolumeType);
        Assert.Equal("nqn.2014-08.org.example:subsys-fixture", nvme.Data.GetProperty("target_nqn").GetString());
        Assert.Equal("fibre_channel", plan.Sends.Single(s => s.Request.Host == "compute-fc").Request.Connection.DriverVolumeType);
    }

    [Fact]
    public void No_secret_of_any_connection_is_sent_or_reported()
    {
        var plan = new BridgePlanner(includeInstanceAttachments: true).Plan(Resize());
        var everything = JsonSerializer.Serialize(plan, ContractJson.Options);

        Assert.Contains("compute-iscsi", everything, StringComparison.Ordinal);
        foreach (var secret in CinderFixture.Secrets)
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        foreach (var (request, _) in plan.Sends)
            Assert.DoesNotContain(request.Connection.Data.EnumerateObject(), p => p.Name.Contains("auth_", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_notification_makes_the_same_messages_and_another_makes_others()
    {
        var planner = new BridgePlanner(false);
        var first = planner.Plan(Resize());
        var again = planner.Plan(Resize());
        var other = planner.Plan(Resize(CinderFixture.With(n => n["message_id"] = Guid.NewGuid().ToString())));

        Assert.Equal(first.Sends.Select(s => s.CorrelationId), again.Sends.Select(s => s.CorrelationId));
        Assert.Equal(first.Sends.Select(s => JsonSerializer.Serialize(s.Request, ContractJson.Options)),
            again.Sends.Select(s => JsonSerializer.Serialize(s.Request, ContractJson.Options)));
        Assert.Equal(first.Sends.Count, first.Sends.Select(s => s.CorrelationId).Distinct().Count());
        Assert.Empty(first.Sends.Select(s => s.CorrelationId).Intersect(other.Sends.Select(s => s.CorrelationId)));
    }

    [Fact]
    public void The_correlation_id_is_a_version_5_uuid()
    {
        var id = BridgeCorrelation.Of(Guid.Parse("88a5f7f5-beb1-4c0a-89de-52a91a52ae69"), "attachment-1");

        Assert.Equal(5, id.Version);
        Assert.Equal(id, BridgeCorrelation.Of(Guid.Parse("88a5f7f5-beb1-4c0a-89de-52a91a52ae69"), "attachment-1"));
        Assert.NotEqual(id, BridgeCorrelation.Of(Guid.Parse("88a5f7f5-beb1-4c0a-89de-52a91a52ae69"), "attachment-2"));
    }

    [Fact]
    public void A_detached_attachment_or_one_without_a_host_is_not_sent()
    {
        var body = CinderFixture.With(n =>
        {
            var rows = n["payload"]!["volume_attachment"]!.AsArray();
            rows.Single(r => r!["attached_host"]!.GetValue<string>() == "compute-iscsi")!["attach_status"] = "detached";
            rows.Single(r => r!["attached_host"]!.GetValue<string>() == "compute-nvme")!["attached_host"] = "bad host\nname";
        });

        var plan = new BridgePlanner(false).Plan(Resize(body));

        Assert.Equal(["compute-fc"], plan.Sends.Select(s => s.Request.Host));
        Assert.Contains(plan.Skipped, s => s.Host == "compute-iscsi" && s.Reason == BridgeReasons.Detached);
        Assert.Contains(plan.NotBridged, n => n.Host is null && n.Reason == BridgeReasons.NoHost);
    }
}
