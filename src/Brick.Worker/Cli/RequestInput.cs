using System.Text;

namespace Brick.Worker.Cli;

/// <summary>Reads the bytes of one request from a file or stdin: one more than <c>maxBytes</c> at most, so that the reader can say a body is too large.</summary>
internal static class RequestInput
{
    public static async Task<byte[]> ReadAsync(string source, int maxBytes, TextReader stdin, CancellationToken cancellationToken)
    {
        var limit = maxBytes + 1;
        if (source == "-")
        {
            var chars = new char[limit];
            var read = await stdin.ReadBlockAsync(chars.AsMemory(), cancellationToken);
            return Encoding.UTF8.GetBytes(chars, 0, read);
        }

        await using var stream = File.OpenRead(source);
        var buffer = new byte[limit];
        var length = await stream.ReadAtLeastAsync(buffer, limit, throwOnEndOfStream: false, cancellationToken);
        return buffer[..length];
    }
}
