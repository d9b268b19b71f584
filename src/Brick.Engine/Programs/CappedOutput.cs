using System.Text;
using CliWrap;

namespace Brick.Engine.Programs;

/// <summary>
/// One output stream of a program, kept up to a limit of bytes; the rest is read and dropped (so the program never
/// blocks on a full pipe) and counted, and the text says so at its end.
/// </summary>
internal sealed class CappedOutput(int limit) : PipeTarget
{
    private readonly MemoryStream _kept = new();
    private long _dropped;

    /// <summary>How many bytes were read and not kept.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>What was kept, as UTF-8 text, with a note of what was dropped.</summary>
    public string Text
    {
        get
        {
            lock (_kept)
            {
                var text = Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length);
                return Dropped == 0 ? text : $"{text}\n[output cut at {limit} bytes: {Dropped} more bytes were not kept]";
            }
        }
    }

    /// <inheritdoc />
    public override async Task CopyFromAsync(Stream origin, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await origin.ReadAsync(buffer, cancellationToken)) > 0)
        {
            lock (_kept)
            {
                var keep = (int)Math.Min(read, limit - _kept.Length);
                if (keep > 0)
                    _kept.Write(buffer, 0, keep);
                Interlocked.Add(ref _dropped, read - Math.Max(keep, 0));
            }
        }
    }
}
