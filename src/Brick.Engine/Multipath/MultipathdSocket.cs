using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Brick.Engine.Programs;

namespace Brick.Engine.Multipath;

/// <summary>
/// multipathd's own socket, spoken as libmpathcmd speaks it (what the <c>multipathd</c> client program does): connect
/// to the Unix stream socket, send the command's length as a native <c>size_t</c> then the words joined by spaces with
/// a terminating NUL, read the reply the same way. The whole exchange (connect, send, receive) is bounded by
/// <paramref name="timeout"/> (the command limit, as the program's); a reply longer than <see cref="MaxReplyBytes"/> is
/// refused unread. The result is what the program would print and exit with, so that it is read and named the same way;
/// what goes wrong on the socket is a failed result (exit -1, the cause in its standard error, <c>TimedOut</c> past the
/// limit). A socket no one listens on (refused, or a path that does not exist) is not there: null.
/// </summary>
/// <param name="address">A path, or an abstract name written with a leading <c>@</c>.</param>
/// <param name="timeout">The limit on the whole exchange.</param>
internal sealed class MultipathdSocket(string address, TimeSpan timeout) : IMultipathd
{
    /// <summary>The longest reply read: the engine's commands are answered <c>ok</c>, <c>fail</c> or <c>timeout</c>.</summary>
    public const int MaxReplyBytes = 64 * 1024;

    /// <inheritdoc />
    public string Via => "socket";

    /// <inheritdoc />
    public string Address => address;

    /// <inheritdoc />
    public async Task<CommandResult?> TryRunAsync(IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            try
            {
                await socket.ConnectAsync(EndPoint(address), limit.Token);
            }
            catch (SocketException e) when (IsAbsent(e.SocketErrorCode))
            {
                return null;
            }

            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync(Frame(string.Join(' ', words)), limit.Token);
            var reply = await ReadReplyAsync(stream, limit.Token);
            return reply is { } text
                ? new CommandResult(text == "fail\n" ? 1 : 0, text, "", clock.Elapsed)
                : Failed("the reply's length was 0 or more than " + MaxReplyBytes + " bytes, not read", clock);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new CommandResult(-1, "", $"multipathd socket {address}: no reply within {timeout.TotalSeconds:0.###} s", clock.Elapsed, TimedOut: true);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return Failed(e is EndOfStreamException ? "the connection closed before a whole reply" : e.Message, clock);
        }
    }

    /// <summary>The endpoint of a path, or of an abstract name (<c>@name</c>: a NUL byte, the name, no terminating NUL, as libmpathcmd).</summary>
    internal static UnixDomainSocketEndPoint EndPoint(string address) =>
        new(address.StartsWith('@') ? "\0" + address[1..] : address);

    /// <summary>A command as libmpathcmd sends it: its length, NUL included, as a native size_t, then the text and the NUL.</summary>
    internal static byte[] Frame(string command)
    {
        var text = Encoding.UTF8.GetBytes(command + "\0");
        var frame = new byte[IntPtr.Size + text.Length];
        MemoryMarshal.Write(frame, (nuint)text.Length);
        text.CopyTo(frame, IntPtr.Size);
        return frame;
    }

    /// <summary>The reply's text up to its NUL, or null when its announced length is 0 or over <see cref="MaxReplyBytes"/>.</summary>
    private static async Task<string?> ReadReplyAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var header = new byte[IntPtr.Size];
        await stream.ReadExactlyAsync(header, cancellationToken);
        var length = MemoryMarshal.Read<nuint>(header);
        if (length == 0 || length > MaxReplyBytes)
            return null;
        var body = new byte[(int)length];
        await stream.ReadExactlyAsync(body, cancellationToken);
        var end = Array.IndexOf(body, (byte)0);
        return Encoding.UTF8.GetString(body, 0, end < 0 ? body.Length : end);
    }

    /// <summary>No one listens there: refused (an abstract name or a path with no listener), or no such path.</summary>
    private static bool IsAbsent(SocketError error) => error is SocketError.ConnectionRefused or SocketError.AddressNotAvailable;

    private CommandResult Failed(string why, Stopwatch clock) => new(-1, "", $"multipathd socket {address}: {why}", clock.Elapsed);
}
