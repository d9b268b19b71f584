using System.Text;
using Brick.Service.Inbound;

namespace Brick.Worker.Cli;

/// <summary>Reads the bytes of one request from a file or stdin: one more than <see cref="InboundReader.MaxBytes"/> at most, so that the reader can say a body is too large.</summary>
internal static class RequestInput
{
    private const int Limit = InboundReader.MaxBytes + 1;

    public static async Task<byte[]> ReadAsync(string source, TextReader stdin, CancellationToken cancellationToken)
    {
        if (source == "-")
        {
            var chars = new char[Limit];
            var read = await stdin.ReadBlockAsync(chars.AsMemory(), cancellationToken);
            return Encoding.UTF8.GetBytes(chars, 0, read);
        }

        await using var stream = File.OpenRead(source);
        var buffer = new byte[Limit];
        var length = await stream.ReadAtLeastAsync(buffer, Limit, throwOnEndOfStream: false, cancellationToken);
        return buffer[..length];
    }
}
