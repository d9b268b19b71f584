using System.Text.Json;
using Brick.Contracts;

namespace Brick.RealKernel.Tests;

/// <summary>One run of <c>brick-worker extend</c> in the guest: exit code, time, stdout (one contract message), stderr, multipathd's arguments per call.</summary>
internal sealed record WorkerRun(int ExitCode, long Milliseconds, string Stdout, IReadOnlyList<string> Stderr, IReadOnlyList<string> Multipathd)
{
    public HostVolumeResized? Resized => ExitCode == 0 ? Parse<HostVolumeResized>() : null;

    public HostVolumeResizeFailed? Failed => ExitCode == 1 ? Parse<HostVolumeResizeFailed>() : null;

    /// <summary>A short account of the outcome for the results table and assertion messages.</summary>
    public string Summary()
    {
        var calls = $"multipathd ×{Multipathd.Count}";
        if (Resized is { } ok)
            return $"exit 0, resized to {ok.NewSizeBytes} B on {ok.DevicePath}, {calls}";
        if (Failed is { } failed)
            return $"exit {ExitCode}, {failed.Reason} (retriable {failed.Retriable.ToString().ToLowerInvariant()}), {calls}";
        return $"exit {ExitCode}, {calls}, stdout: {(Stdout.Length > 200 ? Stdout[..200] + "…" : Stdout)}";
    }

    public string Describe() =>
        $"{Summary()}{Environment.NewLine}multipathd calls: {(Multipathd.Count == 0 ? "none" : string.Join(" | ", Multipathd))}"
        + $"{Environment.NewLine}stdout: {Stdout}{Environment.NewLine}stderr:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", Stderr)}";

    private T? Parse<T>()
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Stdout, ContractJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
