using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Brick.Chain.Tests;

/// <summary>
/// The guest's serial console, as QEMU (or libvirt's virtlogd) writes it to a file: read as it grows, every
/// <c>BRICK-GUEST vda-sectors N</c> line noted, so the test knows what the guest's kernel says its disk's size is and
/// when it first said a size.
/// </summary>
internal sealed partial class SerialConsole(string path)
{
    private long _offset;
    private string _partial = "";

    /// <summary>The file.</summary>
    public string Path { get; } = path;

    /// <summary>Everything read so far.</summary>
    public List<string> Lines { get; } = [];

    /// <summary>The last disk size the guest printed, in bytes.</summary>
    public long? DiskBytes { get; private set; }

    /// <summary>Reads until the guest prints a disk size that <paramref name="wanted"/> accepts, or <paramref name="timeout"/> ends (then throws, with the console's end).</summary>
    public async Task<(long Bytes, TimeSpan At)> WaitForDiskAsync(Func<long, bool> wanted, TimeSpan timeout, Stopwatch clock, CancellationToken cancellationToken)
    {
        var deadline = clock.Elapsed + timeout;
        while (clock.Elapsed < deadline)
        {
            Read();
            if (DiskBytes is { } bytes && wanted(bytes))
                return (bytes, clock.Elapsed);
            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"The guest did not print the expected disk size within {timeout.TotalSeconds} s; last {DiskBytes?.ToString(CultureInfo.InvariantCulture) ?? "none"}. Console end:{Environment.NewLine}{string.Join(Environment.NewLine, Lines.TakeLast(15))}");
    }

    private void Read()
    {
        if (!File.Exists(Path))
            return;
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(_offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var text = _partial + reader.ReadToEnd();
        _offset = stream.Position;
        var lines = text.Split('\n');
        _partial = lines[^1];
        foreach (var line in lines[..^1].Select(l => l.Trim('\r', ' ')))
        {
            Lines.Add(line);
            if (Sectors().Match(line) is { Success: true } match)
                DiskBytes = long.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture) * 512;
        }
    }

    [GeneratedRegex(@"BRICK-GUEST vda-sectors (?<n>\d+)")]
    private static partial Regex Sectors();
}
