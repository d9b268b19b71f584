using System.Text.Json;
using Brick.Contracts;
using Brick.Service.Inbound;

namespace Brick.Virt.Messaging;

/// <summary>
/// Reads the <see cref="HostVolumeResized"/> of one delivery (raw JSON or a MassTransit envelope, read once by the
/// worker's own <see cref="InboundReader"/>) and checks what blockresize relies on: its host, a size, a device path.
/// </summary>
internal static class OutcomeReader
{
    /// <summary>The outcome, or an <see cref="InvalidOutcomeException"/> naming what is wrong.</summary>
    public static HostVolumeResized Read(InboundRequest delivered, string host)
    {
        if (delivered.Problem is { } problem || delivered.Message is not { } body)
            throw new InvalidOutcomeException(delivered.Problem ?? "The body holds no outcome.");

        HostVolumeResized? outcome;
        try
        {
            outcome = body.Deserialize<HostVolumeResized>(ContractJson.Options);
        }
        catch (JsonException e)
        {
            throw new InvalidOutcomeException($"The body is not a HostVolumeResized: {e.Message}");
        }

        if (outcome is null || string.IsNullOrEmpty(outcome.VolumeId) || string.IsNullOrEmpty(outcome.Host) || outcome.DevicePath is null)
            throw new InvalidOutcomeException("The outcome lacks its volumeId, host or devicePath.");
        if (outcome.Host != host)
            throw new InvalidOutcomeException($"The outcome is for host {outcome.Host}, this is {host}.");
        if (outcome.NewSizeBytes <= 0 || outcome.NewSizeBytes % 512 != 0)
            throw new InvalidOutcomeException($"newSizeBytes {outcome.NewSizeBytes} is not a positive multiple of 512.");
        if (!outcome.DevicePath.StartsWith("/dev/", StringComparison.Ordinal) || outcome.DevicePath.Contains("/../", StringComparison.Ordinal)
            || outcome.DevicePath.Any(char.IsControl))
            throw new InvalidOutcomeException($"devicePath '{outcome.DevicePath}' is not a path under /dev.");
        return outcome;
    }
}
