using System.Globalization;
using Brick.Contracts;
using Brick.Host.Commands;
using Brick.Host.Discovery;
using Brick.Host.Engine;
using Brick.Host.HostTree;
using Brick.Host.Outcome;

namespace Brick.Host.Resize;

/// <summary>
/// Grows a dm-crypt mapping to fill the device below it: <c>cryptsetup status NAME</c> gives the data offset; when the
/// mapping does not fill its device, <c>cryptsetup resize NAME</c> (with <c>--key-file</c> where the worker holds a key).
/// A resize that wants a key the worker does not have is <c>Unsupported</c>, said so, never a silent partial success.
/// </summary>
internal sealed class CryptResizer(Sysfs sys, ICommandRunner runner, CommandPaths commands, EngineOptions options, SizeSettler settler)
{
    /// <summary>Returns whether <c>cryptsetup resize</c> ran, and the mapping's size afterwards.</summary>
    public async Task<(bool Resized, long Size)> ResizeAsync(CryptMapping crypt, long baseSize, CancellationToken cancellationToken)
    {
        var offset = await ReadOffsetBytesAsync(crypt, cancellationToken);
        var expected = baseSize - offset;
        if (sys.ReadSizeBytes(crypt.Device) == expected)
            return (false, expected);

        var keyFile = KeyFile(crypt);
        string[] arguments = keyFile is null ? ["resize", crypt.Name] : ["resize", crypt.Name, "--key-file", keyFile];
        var result = await runner.RunAsync(new CommandSpec(commands.Cryptsetup, arguments, options.CommandTimeout), cancellationToken);
        if (!result.Succeeded)
        {
            throw keyFile is null && !result.TimedOut
                ? new ExtendFailedException(ResizeFailureReason.Unsupported,
                    $"cryptsetup resize {crypt.Name} needs the volume key and no key is available to the worker ({result.Describe()}); every layer below is grown.")
                : new ExtendFailedException(ResizeFailureReason.CommandFailed, $"cryptsetup resize {crypt.Name} {result.Describe()}.");
        }

        var after = await settler.WaitForAsync(crypt.Device, expected, cancellationToken);
        return after == expected
            ? (true, expected)
            : throw new ExtendFailedException(ResizeFailureReason.CommandFailed,
                $"cryptsetup resize {crypt.Name} succeeded but {crypt.Device} shows {after} bytes, not {expected}.");
    }

    private string? KeyFile(CryptMapping crypt)
    {
        if (options.CryptKeyDirectory is null)
            return null;
        var path = Path.Combine(options.CryptKeyDirectory, crypt.Name + ".key");
        return File.Exists(path) ? path : null;
    }

    private async Task<long> ReadOffsetBytesAsync(CryptMapping crypt, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(
            new CommandSpec(commands.Cryptsetup, ["status", crypt.Name], options.CommandTimeout), cancellationToken);
        var offset = result.StandardOutput.Split('\n', StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("offset:", StringComparison.Ordinal))
            .Select(line => line["offset:".Length..].Trim().Split(' ')[0])
            .FirstOrDefault();
        return result.Succeeded && long.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out var sectors)
            ? sectors * 512
            : throw new ExtendFailedException(ResizeFailureReason.CommandFailed,
                $"cryptsetup status {crypt.Name} {result.Describe()}; its data offset could not be read.");
    }
}
