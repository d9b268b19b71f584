using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Brick.Testing;

namespace Brick.Chain.Tests;

/// <summary>
/// Nova's own path on the chain's guest, timed beside brick-worker's (issue 20 point 6): the array grows the volume,
/// os-brick's <c>extend_volume</c> runs as Nova's libvirt driver calls it (the peer suite's
/// <c>tests/vm/payloads/scenarios/os-brick-extend</c>, Debian's python3-os-brick, the same connection properties), then,
/// with the size it returned, libvirt's blockresize (<c>virsh blockresize … --size NB</c>: virDomainBlockResize in
/// bytes, as Nova calls it), and the guest's kernel must print the new size. Where os-brick fails, Nova stops there
/// (it reports the extend as failed), and so does this path: what was seen is reported, never judged.
/// </summary>
internal static class NovaPath
{
    private const string Script = "tests/vm/payloads/scenarios/os-brick-extend";
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(180);

    /// <summary>Why os-brick cannot be run here, or null (Debian: python3-os-brick; .ci/setup.d/40-chain.sh installs it).</summary>
    public static async Task<string?> UnavailableAsync()
    {
        if (!File.Exists("/usr/bin/python3"))
            return "Nova's path needs /usr/bin/python3 with os-brick (Debian: python3-os-brick)";
        var import = await Programs.RunAsync("/usr/bin/python3", ["-c", "import os_brick"], TimeSpan.FromSeconds(60));
        return import.ExitCode == 0
            ? null
            : $"Nova's path needs os-brick for /usr/bin/python3 (Debian: python3-os-brick; .ci/setup.d/40-chain.sh installs it): {ProgramResult.Tail(import.Stderr, 3)}";
    }

    /// <summary>
    /// Nova's second hop alone, where its first gave no size: the host step done by hand (<c>losetup --set-capacity</c>,
    /// what brick-worker does for a loop device), then <c>virsh blockresize</c> with the array's size, until the guest
    /// prints it: what Nova's hypervisor hop costs against brick-worker's (its <c>blockresize</c> consumer).
    /// </summary>
    public static async Task<(TimeSpan Blockresize, TimeSpan GuestSees)> BlockresizeAloneAsync(LibvirtGuest guest, LoopVolume volume, long grown, Stopwatch clock, TimeSpan hopLimit, CancellationToken cancellationToken)
    {
        (await Programs.RunAsync("losetup", ["--set-capacity", volume.Device], hopLimit)).Succeeded();
        var started = clock.Elapsed;
        (await Programs.RunAsync("virsh", ["-c", LibvirtGuest.Uri, "blockresize", "--domain", guest.Name, "--path", "vda", "--size", $"{grown}B"], hopLimit)).Succeeded();
        var blockresized = clock.Elapsed;
        var seen = await guest.Console.WaitForDiskAsync(b => b == grown, hopLimit, clock, cancellationToken);
        return (blockresized - started, seen.At - blockresized);
    }

    /// <summary>Grows <paramref name="volume"/> to <paramref name="grown"/> and runs Nova's path on it; returns what each hop did and when.</summary>
    public static async Task<NovaPathResult> RunAsync(LibvirtGuest guest, LoopVolume volume, long grown, string work, Stopwatch clock, TimeSpan hopLimit, CancellationToken cancellationToken)
    {
        await volume.GrowAsync(grown);
        var request = Path.Combine(work, "nova-request.json");
        await File.WriteAllTextAsync(request, JsonSerializer.Serialize(new
        {
            volumeId = "vol-chain",
            host = "chain-nova",
            attachmentId = "att-nova",
            newSizeBytes = grown,
            connection = new { driverVolumeType = "local", data = new Dictionary<string, string> { ["device_path"] = volume.Device } },
        }), cancellationToken);
        var state = Directory.CreateDirectory(Path.Combine(work, "os-brick")).FullName;

        var started = clock.Elapsed;
        var answer = (await Programs.RunAsync("/usr/bin/python3",
            [RepositoryRoot.Of(Script), request, Path.Combine(state, "mark"), "--device-path", volume.Device], CallLimit,
            new Dictionary<string, string?> { ["BRICK_OS_BRICK_STATE"] = state })).Stdout;
        var osBrickDone = clock.Elapsed;
        var line = answer.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith('{'))
            ?? throw new InvalidOperationException($"os-brick-extend printed no answer: {answer}");
        using var json = JsonDocument.Parse(line);
        var ok = json.RootElement.GetProperty("ok").GetBoolean();
        var size = json.RootElement.GetProperty("size") is { ValueKind: JsonValueKind.Number } s ? s.GetInt64() : (long?)null;
        var error = json.RootElement.GetProperty("error").GetString();
        var osBrick = ok ? $"returned {size?.ToString(CultureInfo.InvariantCulture) ?? "nothing"}" : $"failed: {error}";
        if (!ok || size is not > 0)
            return new NovaPathResult(osBrick, started, osBrickDone, null, null, "os-brick gave no size: Nova reports the extend as failed and calls no blockresize; the guest keeps its size");

        (await Programs.RunAsync("virsh", ["-c", LibvirtGuest.Uri, "blockresize", "--domain", guest.Name, "--path", "vda", "--size", $"{size}B"], hopLimit)).Succeeded();
        var blockresized = clock.Elapsed;
        try
        {
            var seen = await guest.Console.WaitForDiskAsync(b => b == size, hopLimit, clock, cancellationToken);
            return new NovaPathResult(osBrick, started, osBrickDone, blockresized, seen.At, null);
        }
        catch (TimeoutException e)
        {
            return new NovaPathResult(osBrick, started, osBrickDone, blockresized, null, $"the guest did not print {size} bytes: {e.Message.Split('\n')[0]}");
        }
    }
}

/// <summary>What Nova's path did: os-brick's answer and when each hop ended (null where the path stopped before it), and why it stopped.</summary>
internal sealed record NovaPathResult(string OsBrick, TimeSpan Started, TimeSpan OsBrickDone, TimeSpan? Blockresized, TimeSpan? GuestSees, string? Stopped);
