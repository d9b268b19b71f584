using System.Text.Json.Nodes;
using Brick.Cinder.Bridging;

namespace Brick.Cinder.Tests;

public sealed class ConnectionUnflattenerTests
{
    [Fact]
    public void Puts_the_driver_s_data_back_without_attachment_id_and_secrets_at_any_depth()
    {
        const string flat = """
            {"target_portal": "198.51.100.10:3260", "target_iqn": "iqn.2010-10.org.example:v", "target_lun": 1,
             "auth_method": "CHAP", "auth_username": "u", "auth_password": "p1", "discovery_auth_password": "p2",
             "AUTH_PASSWORD": "p3", "target_auth_secret": "p4", "nested": {"token": "p5", "kept": 1},
             "list": [{"password": "p6", "kept": 2}], "driver_volume_type": "iscsi", "attachment_id": "a-1"}
            """;

        var connection = ConnectionUnflattener.Unflatten(flat, out var problem);

        Assert.Null(problem);
        Assert.Equal("iscsi", connection!.DriverVolumeType);
        Assert.Equal(["target_portal", "target_iqn", "target_lun", "nested", "list"], connection.Data.Select(p => p.Key));
        Assert.Equal("""{"kept":1}""", connection.Data["nested"]!.ToJsonString());
        Assert.Equal("""[{"kept":2}]""", connection.Data["list"]!.ToJsonString());
    }

    [Fact]
    public void A_connection_stored_with_its_data_nested_reads_the_same()
    {
        var connection = ConnectionUnflattener.Unflatten(
            """{"driver_volume_type": "nvmeof", "data": {"target_nqn": "nqn.2014-08.org.example:s", "vol_uuid": "x", "auth_password": "p"}}""", out _);

        Assert.Equal("nvmeof", connection!.DriverVolumeType);
        Assert.Equal("""{"target_nqn":"nqn.2014-08.org.example:s","vol_uuid":"x"}""", connection.Data.ToJsonString());
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("""{"target_lun": 1}""", "no driver_volume_type")]
    [InlineData("""{"driver_volume_type": 5}""", "no driver_volume_type")]
    public void What_is_no_connection_says_why(string info, string expected)
    {
        Assert.Null(ConnectionUnflattener.Unflatten(info, out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("auth_method", true)]
    [InlineData("discovery_auth_username", true)]
    [InlineData("Password", true)]
    [InlineData("secret_uuid", true)]
    [InlineData("keyring", true)]
    [InlineData("target_portal", false)]
    [InlineData("encrypted", false)]
    [InlineData("access_mode", false)]
    public void The_secret_rule(string key, bool secret) => Assert.Equal(secret, SecretKeys.IsSecret(key));

    [Fact]
    public void The_data_is_a_copy()
    {
        var connection = ConnectionUnflattener.Unflatten("""{"driver_volume_type": "local", "device_path": "/dev/loop0"}""", out _)!;

        Assert.IsType<JsonObject>(connection.Data);
        Assert.Equal("/dev/loop0", connection.Data["device_path"]!.GetValue<string>());
    }
}
