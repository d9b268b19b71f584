using System.Text.Json;
using Brick.Contracts;
using Brick.Engine.Requests;
using Brick.Service.Inbound;
using Brick.Virt.Guests;

namespace Brick.Virt.Messaging;

/// <summary>
/// Reads the <see cref="HostVolumeResized"/> of one delivery (raw JSON or a MassTransit envelope, read once by the
/// worker's own <see cref="InboundReader"/>) and checks every field by the contract's rules before anything is done or
/// logged: ids and host by <c>run</c>'s own rules (<see cref="RequestValidator"/>), the device path a plain path under
/// <c>/dev</c>, kernel names, sizes from 1 to 2^60, a time on the calendar of this era. A field that breaks a rule is
/// named in the <see cref="InvalidOutcomeException"/>, its value never quoted (it could forge a log line).
/// </summary>
internal static class OutcomeReader
{
    /// <summary>The earliest <c>completedAt</c> taken.</summary>
    public static readonly DateTimeOffset EarliestCompletedAt = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far ahead of this host's clock <c>completedAt</c> may be (another host's clock may be a little ahead).</summary>
    public static readonly TimeSpan MaxClockAhead = TimeSpan.FromDays(1);

    /// <summary>The longest <c>elapsedMs</c> taken: a week.</summary>
    public const long MaxElapsedMs = 7L * 24 * 3600 * 1000;

    /// <summary>
    /// The contract's options with field names matched exactly, as <c>run</c> reads its requests: <c>Host</c> or
    /// <c>NEWSIZEBYTES</c> is an unknown key, ignored, never a second spelling of <c>host</c> (the Web defaults match
    /// names case-insensitively, so a body with both was refused for a key that run would ignore).
    /// </summary>
    private static readonly JsonSerializerOptions ExactNames = new(ContractJson.Options) { PropertyNameCaseInsensitive = false };

    /// <summary>The longest kernel name taken (the kernel's own limit is 32).</summary>
    private const int MaxKernelName = 64;

    /// <summary>The outcome, or an <see cref="InvalidOutcomeException"/> naming what is wrong.</summary>
    public static HostVolumeResized Read(InboundRequest delivered, string host, TimeProvider? clock = null)
    {
        if (delivered.Problem is { } problem || delivered.Message is not { } body)
            throw new InvalidOutcomeException(delivered.Problem ?? "The body holds no outcome.");

        HostVolumeResized? outcome;
        try
        {
            outcome = body.Deserialize<HostVolumeResized>(ExactNames);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException or NotSupportedException or OverflowException)
        {
            throw new InvalidOutcomeException($"The body is not a HostVolumeResized: {InboundIds.Printable(e.Message)}");
        }

        if (outcome is null)
            throw new InvalidOutcomeException("The body holds no outcome.");
        Check(outcome, host, (clock ?? TimeProvider.System).GetUtcNow());
        return outcome;
    }

    private static void Check(HostVolumeResized outcome, string host, DateTimeOffset now)
    {
        Require(outcome.VolumeId is { } volumeId && RequestValidator.IsValidIdentifier(volumeId) && !RequestValidator.IsNilIdentifier(volumeId),
            "volumeId must be 1 to 64 characters of [A-Za-z0-9._-], not . or .., and not all zeros");
        Require(outcome.Host is { } named && RequestValidator.IsValidHostName(named), "host is not a valid host name");
        if (outcome.Host != host)
            throw new InvalidOutcomeException($"The outcome is for host {outcome.Host}, this is {host}.");
        Require(outcome.AttachmentId is null || (RequestValidator.IsValidIdentifier(outcome.AttachmentId) && !RequestValidator.IsNilIdentifier(outcome.AttachmentId)),
            "attachmentId must be null or 1 to 64 characters of [A-Za-z0-9._-], not . or .., and not all zeros");
        Require(outcome.NewSizeBytes is >= 1 and <= RequestValidator.MaxSizeBytes && outcome.NewSizeBytes % 512 == 0,
            "newSizeBytes must be a multiple of 512 from 512 to 2^60");
        Require(outcome.RequestedSizeBytes is >= 1 and <= RequestValidator.MaxSizeBytes, "requestedSizeBytes must be from 1 to 2^60");
        Require(outcome.DevicePath is { } device && RequestValidator.IsValidDevicePath(device),
            "devicePath must be a path under /dev of names of [A-Za-z0-9_+:.-], not . or ..");
        Require(outcome.MultipathDevice is null || IsKernelName(outcome.MultipathDevice), "multipathDevice must be null or a kernel device name");
        Require(outcome.Paths is null || outcome.Paths.Count <= 64, "paths must hold at most 64 entries");
        Require(outcome.Paths is null || outcome.Paths.All(p => p is not null && p.Device is { } name && IsKernelName(name)
                && p.SizeBytes is null or (>= 0 and <= RequestValidator.MaxSizeBytes)),
            "each of paths must name a kernel device and a size from 0 to 2^60 or null");
        // The sender's choice, as run takes it (docs/wire-contract.md, "Correlation"): any safe id, a nil GUID too.
        Require(outcome.CorrelationId is null || InboundIds.IsSafe(outcome.CorrelationId),
            $"correlationId must be null or 1 to {InboundIds.MaxLength} printable ASCII characters without spaces");
        Require(outcome.CompletedAt >= EarliestCompletedAt && outcome.CompletedAt <= now + MaxClockAhead,
            "completedAt must be a time from 2000-01-01 to a day ahead of this host's clock");
        Require(outcome.ElapsedMs is >= 0 and <= MaxElapsedMs, "elapsedMs must be from 0 to a week");
    }

    private static void Require(bool met, string rule)
    {
        if (!met)
            throw new InvalidOutcomeException($"The outcome is not valid: {rule}.");
    }

    private static bool IsKernelName(string name) => name.Length <= MaxKernelName && DeviceIdentity.IsKernelName(name);
}
