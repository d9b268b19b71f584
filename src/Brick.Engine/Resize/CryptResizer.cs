using System.Collections.Concurrent;
using System.Globalization;
using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Discovery;
using Brick.Engine.Kernel;
using Brick.Engine.Programs;

namespace Brick.Engine.Resize;

/// <summary>
/// Grows a dm-crypt mapping to fill the device below it: <c>cryptsetup status NAME</c> gives the data offset; when the
/// mapping does not fill its device, <c>cryptsetup resize NAME</c> (with <c>--key-file</c> where the worker holds a key).
/// A mapping larger than its device gives is never resized (that would shrink it): <c>PathSizeMismatch</c>, not retriable.
/// A resize that wants a key the worker does not have is <c>Unsupported</c>, said so, never a silent partial success.
/// </summary>
/// <remarks>
/// The data offset of a LUKS mapping is in its header, which its dm uuid (<c>CRYPT-LUKS2-&lt;uuid&gt;-name</c>) names:
/// once read, it is kept, so that a request whose size every layer already shows is answered from sysfs reads with no
/// <c>cryptsetup</c> at all (<see cref="ShowsFilled"/>). The first such request of a mapping after the worker started
/// runs <c>cryptsetup status</c> once.
/// </remarks>
internal sealed class CryptResizer(Sysfs sys, ICommandRunner runner, ProgramPaths commands, EngineOptions options, SizeSettler settler)
{
    /// <summary>At most this many mappings' offsets are kept; past it they are forgotten (they only save a <c>cryptsetup status</c>).</summary>
    private const int MaxRemembered = 65_536;

    private readonly ConcurrentDictionary<string, long> _offsets = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether the mapping already fills <paramref name="baseSize"/> less a data offset read by an earlier
    /// <c>cryptsetup status</c> of the same LUKS mapping; false where no offset is known. Sysfs reads only.
    /// </summary>
    public bool ShowsFilled(CryptMapping crypt, long baseSize) =>
        OffsetKey(crypt) is { } key && _offsets.TryGetValue(key, out var offset) && sys.ReadSizeBytes(crypt.Device) == baseSize - offset;

    /// <summary>Returns whether <c>cryptsetup resize</c> ran, and the mapping's size afterwards.</summary>
    /// <paramref name="beforeResize"/> checks, right before <c>cryptsetup resize</c>, that the devices are still the volume's.
    public async Task<(bool Resized, long Size)> ResizeAsync(CryptMapping crypt, long baseSize, Action beforeResize, CancellationToken cancellationToken)
    {
        var (offset, keyInKeyring) = await ReadStatusAsync(crypt, cancellationToken);
        Remember(crypt, offset);
        var expected = baseSize - offset;
        var current = sys.ReadSizeBytes(crypt.Device);
        if (current == expected)
            return (false, expected);
        if (current > expected)
        {
            // cryptsetup resize makes the mapping fill its device, smaller too: it is never run to shrink one.
            throw new ExtendFailedException(ResizeFailureReason.PathSizeMismatch,
                $"{crypt.Device} ({crypt.Name}) shows {current} bytes, more than the {expected} its device below gives ({baseSize} less its {offset}-byte header): cryptsetup resize would shrink it, so it was not run (did the LUN shrink?).",
                retriable: false);
        }

        var keyFile = KeyFile(crypt);
        if (keyInKeyring && keyFile is null)
        {
            throw new ExtendFailedException(ResizeFailureReason.Unsupported,
                $"{crypt.Name} keeps its volume key in the kernel keyring, so cryptsetup resize needs the key, and no key is available to the worker; every layer below is grown.");
        }

        beforeResize();
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

    private void Remember(CryptMapping crypt, long offset)
    {
        if (OffsetKey(crypt) is not { } key)
            return;
        if (_offsets.Count >= MaxRemembered && !_offsets.ContainsKey(key))
            _offsets.Clear();
        _offsets[key] = offset;
    }

    /// <summary>The mapping's device and its dm uuid, for a LUKS mapping only (a plain one's offset is chosen at each open).</summary>
    private string? OffsetKey(CryptMapping crypt) =>
        sys.ReadDmUuid(crypt.Device) is { } uuid && uuid.StartsWith("CRYPT-LUKS", StringComparison.Ordinal) ? $"{crypt.Device} {uuid}" : null;

    private string? KeyFile(CryptMapping crypt)
    {
        if (options.CryptKeyDirectory is null)
            return null;
        var path = Path.Combine(options.CryptKeyDirectory, crypt.Name + ".key");
        return File.Exists(path) ? path : null;
    }

    /// <summary>
    /// <c>cryptsetup status</c>: the data offset, and whether the volume key is in the kernel keyring (LUKS2's default),
    /// in which case a resize asks for the key again (seen on the real kernel: <c>Nothing to read on input.</c>, exit 1).
    /// </summary>
    private async Task<(long OffsetBytes, bool KeyInKeyring)> ReadStatusAsync(CryptMapping crypt, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(
            new CommandSpec(commands.Cryptsetup, ["status", crypt.Name], options.CommandTimeout), cancellationToken);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.TrimEntries);
        string? Field(string name) => lines.Where(l => l.StartsWith(name + ":", StringComparison.Ordinal))
            .Select(l => l[(name.Length + 1)..].Trim()).FirstOrDefault();

        var offset = Field("offset")?.Split(' ')[0];
        return result.Succeeded && long.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? (SectorCount.ToBytes(offset, $"cryptsetup status {crypt.Name}'s offset")!.Value, Field("key location") == "keyring")
            : throw new ExtendFailedException(ResizeFailureReason.CommandFailed,
                $"cryptsetup status {crypt.Name} {result.Describe()}; its data offset could not be read.");
    }
}
