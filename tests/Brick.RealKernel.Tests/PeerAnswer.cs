using System.Globalization;
using System.Text.Json;
using Brick.Contracts;

namespace Brick.RealKernel.Tests;

/// <summary>
/// How a call answered, as its caller sees it: a size (os-brick's <c>extend_volume</c> return value; the worker's
/// <c>newSizeBytes</c>) or an error (os-brick's exception class and message; the worker's failure reason), and the
/// time of the call itself (os-brick: the <c>extend_volume</c> call in the already running process, as in Nova; the
/// worker: its <c>elapsedMs</c>, the engine's time without the process start).
/// </summary>
internal sealed record PeerAnswer(bool Ok, long? Size, string? Error, double? CallMilliseconds)
{
    public static PeerAnswer Of(string system, PeerCall call) => system == PeerRecord.OsBrick ? OsBrick(call) : Worker(call);

    public string Describe() =>
        Ok ? $"{(Size is { } s ? PeerSizes.Show(s) : "None")}" : $"error: {Error?.Trim()}";

    private static PeerAnswer OsBrick(PeerCall call)
    {
        var line = call.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        try
        {
            using var json = JsonDocument.Parse(line);
            var r = json.RootElement;
            var ok = r.GetProperty("ok").GetBoolean();
            long? size = r.GetProperty("size").ValueKind == JsonValueKind.Number ? r.GetProperty("size").GetInt64() : null;
            var error = r.GetProperty("error").ValueKind == JsonValueKind.String ? r.GetProperty("error").GetString() : null;
            double? ms = r.GetProperty("callMs").ValueKind == JsonValueKind.Number ? r.GetProperty("callMs").GetDouble() : null;
            return new PeerAnswer(ok, size, error, ms);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new PeerAnswer(false, null, $"os-brick-extend exit {call.ExitCode}: {call.Stderr.LastOrDefault() ?? "no output"}", null);
        }
    }

    private static PeerAnswer Worker(PeerCall call)
    {
        try
        {
            if (call.ExitCode == 0 && JsonSerializer.Deserialize<HostVolumeResized>(call.Stdout, ContractJson.Options) is { } ok)
                return new PeerAnswer(true, ok.NewSizeBytes, null, ok.ElapsedMs);
            if (call.ExitCode == 1 && JsonSerializer.Deserialize<HostVolumeResizeFailed>(call.Stdout, ContractJson.Options) is { } failed)
                return new PeerAnswer(false, null, $"{failed.Reason} (retriable {failed.Retriable.ToString().ToLowerInvariant()})", null);
        }
        catch (JsonException)
        {
        }

        return new PeerAnswer(false, null, string.Create(CultureInfo.InvariantCulture, $"exit {call.ExitCode}: {call.Stderr.LastOrDefault() ?? "no output"}"), null);
    }
}

/// <summary>Sizes as the peer table shows them: <c>3 GiB</c>, <c>192 MiB</c>, else bytes.</summary>
internal static class PeerSizes
{
    public static string Show(long bytes) =>
        bytes % (1L << 30) == 0 ? $"{bytes >> 30} GiB"
        : bytes % (1L << 20) == 0 ? $"{bytes >> 20} MiB"
        : bytes.ToString(CultureInfo.InvariantCulture) + " B";
}
