using System.Buffers;
using System.Text;

namespace Brick.Virt.Qmp;

/// <summary>
/// Reads a monitor's lines with the bound applied while reading: a line longer than <paramref name="maxBytes"/> fails
/// as soon as that many bytes have come without a newline (a socket in the QMP directory is not trusted to end its
/// lines), so no more than that is ever held.
/// </summary>
/// <param name="stream">The connection.</param>
/// <param name="maxBytes">The longest line taken, in bytes.</param>
internal sealed class QmpLineReader(Stream stream, int maxBytes)
{
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    /// <summary>The longest line taken, in bytes.</summary>
    public int MaxBytes => maxBytes;

    /// <summary>The next line (UTF-8, without its newline), or null when the other side closed first.</summary>
    /// <exception cref="InvalidDataException">The line is longer than <see cref="MaxBytes"/>.</exception>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new ArrayBufferWriter<byte>(256);
        while (true)
        {
            if (_start == _end)
            {
                var read = await stream.ReadAsync(_buffer, cancellationToken);
                if (read == 0)
                    return null; // closed, maybe mid-line: no answer
                (_start, _end) = (0, read);
            }

            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            var part = newline < 0 ? available : available[..newline];
            if (line.WrittenCount + part.Length > maxBytes)
                throw new InvalidDataException($"a line longer than {maxBytes} bytes");
            line.Write(part);
            _start += newline < 0 ? part.Length : part.Length + 1;
            if (newline >= 0)
                return Encoding.UTF8.GetString(line.WrittenSpan).TrimEnd('\r');
        }
    }
}
