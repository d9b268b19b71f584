using System.Text.Json;

namespace Brick.Contracts;

/// <summary>
/// How a volume is attached: the driver type and Cinder's <c>connection_info.data</c>, whose keys keep
/// their snake_case names (<c>target_portals</c>, <c>target_iqns</c>, <c>scsi_wwn</c>, ...).
/// </summary>
/// <param name="DriverVolumeType"><c>iscsi</c>, <c>fibre_channel</c>, <c>nvmeof</c> or <c>local</c>.</param>
/// <param name="Data">The connection data object, carried as JSON and validated by the worker.</param>
public sealed record VolumeConnection(string DriverVolumeType, JsonElement Data)
{
    /// <summary>Builds a connection from any object that serializes to Cinder's data keys.</summary>
    public static VolumeConnection From(string driverVolumeType, object data) =>
        new(driverVolumeType, JsonSerializer.SerializeToElement(data, ContractJson.Options));
}
