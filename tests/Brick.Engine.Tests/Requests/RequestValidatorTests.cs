using System.Text.Json;
using System.Text.Json.Nodes;
using Brick.Contracts;
using Brick.Engine.Requests;

namespace Brick.Engine.Tests.Requests;

public sealed class RequestValidatorTests
{
    private const string Valid = """
        {
          "volumeId": "5f0c7b0e-6f39-4f59-9b2f-2b1e4f4a8c11",
          "host": "compute-07",
          "attachmentId": "a4e1c0b2-1111-4c3b-9d0e-0f9a8b7c6d5e",
          "newSizeBytes": 21474836480,
          "connection": {
            "driverVolumeType": "iscsi",
            "data": {
              "target_portals": ["192.0.2.10:3260", "[2001:db8::1]:3260"],
              "target_iqns": ["iqn.2010-10.org.example:vol-5f0c", "iqn.2010-10.org.example:vol-5f0c"],
              "target_luns": [1, 1],
              "scsi_wwn": "3600a09803830447a4f244c4657616f6f"
            }
          },
          "requestedAt": "2026-11-25T10:00:00Z"
        }
        """;

    private static readonly RequestValidator Validator = new("compute-07");

    public static TheoryData<string, string, ResizeFailureReason> BadInputs => new()
    {
        { "volumeId missing", "$.volumeId=", ResizeFailureReason.InvalidRequest },
        { "volumeId with a slash", "$.volumeId=\"../etc\"", ResizeFailureReason.InvalidRequest },
        { "volumeId too long", $"$.volumeId=\"{new string('a', 65)}\"", ResizeFailureReason.InvalidRequest },
        { "volumeId not a string", "$.volumeId=42", ResizeFailureReason.InvalidRequest },
        { "volumeId a nil GUID", "$.volumeId=\"00000000-0000-0000-0000-000000000000\"", ResizeFailureReason.InvalidRequest },
        { "volumeId a nil GUID without dashes", "$.volumeId=\"00000000000000000000000000000000\"", ResizeFailureReason.InvalidRequest },
        { "volumeId 0", "$.volumeId=\"0\"", ResizeFailureReason.InvalidRequest },
        { "attachmentId a nil GUID", "$.attachmentId=\"00000000-0000-0000-0000-000000000000\"", ResizeFailureReason.InvalidRequest },
        { "host missing", "$.host=", ResizeFailureReason.InvalidRequest },
        { "another host", "$.host=\"compute-08\"", ResizeFailureReason.Misrouted },
        { "attachmentId with a space", "$.attachmentId=\"a b\"", ResizeFailureReason.InvalidRequest },
        { "size missing", "$.newSizeBytes=", ResizeFailureReason.InvalidRequest },
        { "size negative", "$.newSizeBytes=-512", ResizeFailureReason.InvalidRequest },
        { "size zero", "$.newSizeBytes=0", ResizeFailureReason.InvalidRequest },
        { "size odd", "$.newSizeBytes=21474836481", ResizeFailureReason.InvalidRequest },
        { "size not a multiple of 512", "$.newSizeBytes=1000", ResizeFailureReason.InvalidRequest },
        { "size above 2^60", "$.newSizeBytes=1152921504606847488", ResizeFailureReason.InvalidRequest },
        { "size a fraction", "$.newSizeBytes=1024.5", ResizeFailureReason.InvalidRequest },
        { "size a string", "$.newSizeBytes=\"1024\"", ResizeFailureReason.InvalidRequest },
        { "requestedAt not a time", "$.requestedAt=\"yesterday\"", ResizeFailureReason.InvalidRequest },
        { "requestedAt without an offset (read in this host's zone, it could look older than it is)", "$.requestedAt=\"2026-11-25T10:00:00\"", ResizeFailureReason.InvalidRequest },
        { "requestedAt a date only", "$.requestedAt=\"2026-11-25\"", ResizeFailureReason.InvalidRequest },
        { "requestedAt a leap second", "$.requestedAt=\"2026-06-30T23:59:60Z\"", ResizeFailureReason.InvalidRequest },
        { "requestedAt the calendar's last second", "$.requestedAt=\"9999-12-31T23:59:59Z\"", ResizeFailureReason.InvalidRequest },
        { "requestedAt the calendar's first second", "$.requestedAt=\"0001-01-01T00:00:00Z\"", ResizeFailureReason.InvalidRequest },
        { "requestedAt the calendar's first day, ahead of UTC", "$.requestedAt=\"0001-01-01T00:00:00+14:00\"", ResizeFailureReason.InvalidRequest },
        { "connection missing", "$.connection=", ResizeFailureReason.InvalidRequest },
        { "nvmeof vol_uuid all zero", "$.connection={\"driverVolumeType\":\"nvmeof\",\"data\":{\"target_nqn\":\"nqn.2014-08.org.example:sub\",\"vol_uuid\":\"00000000-0000-0000-0000-000000000000\"}}", ResizeFailureReason.InvalidRequest },
        { "nvmeof vol_nguid all zero", "$.connection={\"driverVolumeType\":\"nvmeof\",\"data\":{\"target_nqn\":\"nqn.2014-08.org.example:sub\",\"vol_nguid\":\"00000000000000000000000000000000\"}}", ResizeFailureReason.InvalidRequest },
        { "nvmeof vol_nguid all zero beside a good vol_uuid", "$.connection={\"driverVolumeType\":\"nvmeof\",\"data\":{\"target_nqn\":\"nqn.2014-08.org.example:sub\",\"vol_uuid\":\"9d3e51c2-7a1b-4c0e-b6f4-52a8e0c7d913\",\"vol_nguid\":\"00000000-0000-0000-0000-000000000000\"}}", ResizeFailureReason.InvalidRequest },
        { "unknown type", "$.connection.driverVolumeType=\"rbd\"", ResizeFailureReason.Unsupported },
        { "type missing", "$.connection.driverVolumeType=", ResizeFailureReason.InvalidRequest },
        { "data missing", "$.connection.data=", ResizeFailureReason.InvalidRequest },
        { "data not an object", "$.connection.data=[1]", ResizeFailureReason.InvalidRequest },
        { "IQN with path traversal", "$.connection.data.target_iqns=[\"iqn.2010-10.org.example:../../etc\",\"iqn.2010-10.org.example:x\"]", ResizeFailureReason.InvalidRequest },
        { "IQN with a slash", "$.connection.data.target_iqns=[\"iqn.2010-10.org/x\",\"iqn.2010-10.org.example:x\"]", ResizeFailureReason.InvalidRequest },
        { "IQN not iqn or eui", "$.connection.data.target_iqns=[\"naa.1234\",\"iqn.2010-10.org.example:x\"]", ResizeFailureReason.InvalidRequest },
        { "portal without port", "$.connection.data.target_portals=[\"192.0.2.10\",\"192.0.2.11:3260\"]", ResizeFailureReason.InvalidRequest },
        { "portal port too large", "$.connection.data.target_portals=[\"192.0.2.10:70000\",\"192.0.2.11:3260\"]", ResizeFailureReason.InvalidRequest },
        { "portal with a shell", "$.connection.data.target_portals=[\"$(reboot):3260\",\"192.0.2.11:3260\"]", ResizeFailureReason.InvalidRequest },
        { "LUN out of range", "$.connection.data.target_luns=[1,65536]", ResizeFailureReason.InvalidRequest },
        { "LUN negative", "$.connection.data.target_luns=[-1,1]", ResizeFailureReason.InvalidRequest },
        { "arrays of unequal length", "$.connection.data.target_luns=[1]", ResizeFailureReason.InvalidRequest },
        { "WWID with a slash", "$.connection.data.scsi_wwn=\"../../sda\"", ResizeFailureReason.InvalidRequest },
        { "device_path outside /dev", "$.connection.data.device_path=\"/etc/passwd\"", ResizeFailureReason.InvalidRequest },
        { "device_path with ..", "$.connection.data.device_path=\"/dev/../etc/passwd\"", ResizeFailureReason.InvalidRequest },
        { "device_path relative", "$.connection.data.device_path=\"dev/sda\"", ResizeFailureReason.InvalidRequest },
    };

    [Fact]
    public void The_spec_example_is_valid_and_typed()
    {
        var result = Validate(Valid);

        Assert.True(result.IsValid, result.Detail);
        var target = Assert.IsType<IscsiTarget>(result.Request!.Target);
        Assert.Equal(["192.0.2.10:3260", "[2001:db8::1]:3260"], target.Paths.Select(p => p.Portal));
        Assert.Equal("3600a09803830447a4f244c4657616f6f", result.Request.Wwid);
        Assert.False(result.Request.MultipathExpected);
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void A_bad_input_is_rejected_with_its_named_reason(string because, string edit, ResizeFailureReason reason)
    {
        var result = Validate(Edit(Valid, edit));

        Assert.False(result.IsValid, because);
        Assert.Equal(reason, result.Reason);
        Assert.False(string.IsNullOrWhiteSpace(result.Detail));
    }

    [Theory]
    [InlineData("[1, 2, 3]")]
    [InlineData("\"a string\"")]
    [InlineData("null")]
    public void A_message_that_is_not_a_JSON_object_is_InvalidRequest(string json)
    {
        var result = Validate(json);

        Assert.Equal(ResizeFailureReason.InvalidRequest, result.Reason);
        Assert.Null(result.Identity.VolumeId);
    }

    [Fact]
    public void A_body_that_could_not_be_read_is_InvalidRequest_saying_why_with_no_identity()
    {
        var result = RequestValidator.Unreadable("The body is not valid JSON: it ends too soon.");

        Assert.Equal(ResizeFailureReason.InvalidRequest, result.Reason);
        Assert.Equal("The body is not valid JSON: it ends too soon.", result.Detail);
        Assert.Equal(RequestIdentity.Unknown, result.Identity);
    }

    [Fact]
    public void A_rejection_keeps_the_identity_it_could_read()
    {
        var result = Validate(Edit(Valid, "$.newSizeBytes=-1"));

        Assert.Equal("5f0c7b0e-6f39-4f59-9b2f-2b1e4f4a8c11", result.Identity.VolumeId);
        Assert.Equal("compute-07", result.Identity.Host);
        Assert.Equal(-1, result.Identity.NewSizeBytes);
    }

    [Fact]
    public void The_singular_iscsi_keys_are_accepted()
    {
        var json = Edit(Edit(Edit(Valid, "$.connection.data.target_portals="), "$.connection.data.target_iqns="), "$.connection.data.target_luns=");
        json = Edit(Edit(Edit(json, "$.connection.data.target_portal=\"192.0.2.10:3260\""),
            "$.connection.data.target_iqn=\"eui.0123456789abcdef\""), "$.connection.data.target_lun=7");

        var result = Validate(json);

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(7, Assert.IsType<IscsiTarget>(result.Request!.Target).Paths.Single().Lun);
    }

    [Theory]
    [InlineData("fibre_channel", "{\"target_wwn\": [\"0x500A098280FEEBA5\", \"500a098290feeba5\"], \"target_lun\": 3}", true)]
    [InlineData("fibre_channel", "{\"target_wwn\": \"500a098280feeba5/../\", \"target_lun\": 3}", false)]
    [InlineData("nvmeof", "{\"target_nqn\": \"nqn.2014-08.org.example:s1\", \"vol_uuid\": \"5f0c7b0e-6f39-4f59-9b2f-2b1e4f4a8c11\"}", true)]
    [InlineData("nvmeof", "{\"target_nqn\": \"nqn.2014-08.org.example:s1\"}", false)]
    [InlineData("nvmeof", "{\"target_nqn\": \"not-an-nqn\", \"vol_uuid\": \"5f0c7b0e-6f39-4f59-9b2f-2b1e4f4a8c11\"}", false)]
    [InlineData("local", "{\"device_path\": \"/dev/loop3\"}", true)]
    [InlineData("local", "{}", false)]
    public void Each_driver_type_checks_its_own_keys(string type, string data, bool valid)
    {
        var json = Edit(Edit(Valid, $"$.connection.driverVolumeType=\"{type}\""), $"$.connection.data={data}");

        var result = Validate(json);

        Assert.Equal(valid, result.IsValid);
        if (!valid)
            Assert.Equal(ResizeFailureReason.InvalidRequest, result.Reason);
    }

    [Theory]
    [InlineData("\u200E")]
    [InlineData("\u200F")]
    [InlineData("\u061C")]
    [InlineData("\u202E")]
    public void A_bidirectional_mark_in_a_value_quoted_in_the_detail_is_not_copied_into_it(string mark)
    {
        var json = Edit(Valid, $"$.connection.driverVolumeType=\"iscsi{mark}\"");

        var result = Validate(json);

        Assert.Equal(ResizeFailureReason.Unsupported, result.Reason);
        Assert.DoesNotContain(mark, result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(86_400, true)]
    [InlineData(86_401, false)]
    [InlineData(-3650L * 86_400, true)]
    [InlineData(-3650L * 86_400 - 1, false)]
    public void RequestedAt_is_held_to_a_day_ahead_of_the_host_clock_and_3650_days_behind_it(long secondsFromNow, bool valid)
    {
        var now = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
        var validator = new RequestValidator("compute-07", new FixedClock(now));
        var at = now.AddSeconds(secondsFromNow).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        using var document = JsonDocument.Parse(Edit(Valid, $"$.requestedAt=\"{at}\""));

        var result = validator.Validate(document.RootElement);

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            Assert.Equal(ResizeFailureReason.InvalidRequest, result.Reason);
            Assert.Contains("requestedAt", result.Detail, StringComparison.Ordinal);
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static ValidationResult Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Validator.Validate(document.RootElement);
    }

    /// <summary>Applies <c>$.a.b=JSON</c> (set) or <c>$.a.b=</c> (remove) to a JSON text.</summary>
    private static string Edit(string json, string edit)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var (path, value) = (edit[..edit.IndexOf('=', StringComparison.Ordinal)], edit[(edit.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        var names = path["$.".Length..].Split('.');
        var parent = names[..^1].Aggregate(root, (node, name) => node[name]!.AsObject());
        if (value.Length == 0)
            parent.Remove(names[^1]);
        else
            parent[names[^1]] = JsonNode.Parse(value);
        return root.ToJsonString();
    }
}
