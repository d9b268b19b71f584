using System.Text.Json.Nodes;

namespace Brick.Cinder.Bridging;

/// <summary>An attachment's connection put back into the wire contract's shape: the driver type and its data, secrets stripped.</summary>
/// <param name="DriverVolumeType">Cinder's <c>driver_volume_type</c>.</param>
/// <param name="Data">Every other key of the connection but <c>attachment_id</c> and the secrets (<see cref="SecretKeys"/>).</param>
public sealed record UnflattenedConnection(string DriverVolumeType, JsonObject Data);
