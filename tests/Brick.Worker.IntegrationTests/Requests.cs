namespace Brick.Worker.IntegrationTests;

/// <summary>VolumeExtended bodies as a control plane writes them (camelCase, Cinder's snake_case connection data).</summary>
public static class Requests
{
    public static object Local(string volumeId, string host, int loop, long newSizeBytes) => new Dictionary<string, object?>
    {
        ["volumeId"] = volumeId,
        ["host"] = host,
        ["attachmentId"] = $"att-{volumeId}",
        ["newSizeBytes"] = newSizeBytes,
        ["connection"] = new Dictionary<string, object?>
        {
            ["driverVolumeType"] = "local",
            ["data"] = new Dictionary<string, object?> { ["device_path"] = $"/dev/loop{loop}" },
        },
        ["requestedAt"] = "2026-11-25T10:00:00Z",
    };

    /// <summary>A host name no other test uses.</summary>
    public static string UniqueHost(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)];

    /// <summary>A volume id no other test uses.</summary>
    public static string UniqueVolume() => $"vol-{Guid.NewGuid():N}";
}
