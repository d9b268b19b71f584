using System.Globalization;
using System.Text.Json;
using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Kernel;
using Brick.Engine.Programs;

namespace Brick.Engine.Rescan;

/// <summary>
/// Which file the kernel holds as a loop device's backing file: <c>losetup --list --json --output
/// NAME,BACK-MAJ:MIN,BACK-INO /dev/loopN</c>, which asks the kernel (<c>LOOP_GET_STATUS64</c>'s <c>lo_device</c> and
/// <c>lo_inode</c>) and so does not depend on the mount namespace the worker sees paths in.
/// </summary>
internal static class LoopBackingIdentity
{
    /// <summary>The identity of <paramref name="loop"/>'s backing file; throws <c>CommandFailed</c> where it cannot be had.</summary>
    public static async Task<FileIdentity> ReadAsync(ICommandRunner runner, ProgramPaths commands, TimeSpan timeout, string loop, CancellationToken cancellationToken)
    {
        var device = $"/dev/{DeviceName.Require(loop)}";
        var result = await runner.RunAsync(
            new CommandSpec(commands.Losetup, ["--list", "--json", "--output", "NAME,BACK-MAJ:MIN,BACK-INO", device], timeout), cancellationToken);
        if (!result.Succeeded)
        {
            throw new ExtendFailedException(ResizeFailureReason.CommandFailed,
                $"losetup --list {device} {result.Describe()}: which file the kernel holds for it is not known, so losetup --set-capacity was not run.");
        }

        return Parse(result.StandardOutput, device) ?? throw new ExtendFailedException(ResizeFailureReason.CommandFailed,
            $"losetup --list {device} did not say which file the kernel holds for it (no BACK-MAJ:MIN and BACK-INO: is it attached?); losetup --set-capacity was not run.",
            retriable: false);
    }

    /// <summary>The identity in <c>losetup --list --json</c>'s output for <paramref name="device"/>, or null where it gives none.</summary>
    public static FileIdentity? Parse(string json, string device)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("loopdevices", out var devices) || devices.ValueKind != JsonValueKind.Array)
                return null;
            foreach (var entry in devices.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("name", out var name)
                    || name.ValueKind != JsonValueKind.String || name.GetString() != device)
                {
                    continue;
                }

                var majorMinor = Text(entry, "back-maj:min")?.Split(':');
                var inodeText = Text(entry, "back-ino");
                if (majorMinor is not [var major, var minor] || inodeText is null
                    || !uint.TryParse(major.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var maj)
                    || !uint.TryParse(minor.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var min)
                    || !ulong.TryParse(inodeText, NumberStyles.None, CultureInfo.InvariantCulture, out var inode) || inode == 0)
                {
                    return null;
                }

                return new FileIdentity(maj, min, inode);
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // util-linux prints BACK-INO as a number (2.38) or a string (older), and pads BACK-MAJ:MIN with spaces.
    private static string? Text(JsonElement entry, string property) =>
        !entry.TryGetProperty(property, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()?.Trim()
        : value.ValueKind == JsonValueKind.Number ? value.GetRawText()
        : null;
}
