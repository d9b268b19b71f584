using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Brick.Simulation.Multipathd;

namespace Brick.Simulation.Hosts;

/// <summary>
/// The simulated host's multipathd on a socket: a path socket (the real one is abstract) that speaks libmpathcmd's
/// framing (a native <c>size_t</c> length, then the command with its NUL; the reply the same way) and answers each
/// command with the same simulated multipathd as the program (<see cref="SimulatedPrograms"/>), its script included.
/// No program call is recorded: each command is in <see cref="SimulatedHost.SocketCalls"/>. Scripted replies that a
/// daemon cannot give on a socket become what a broken one does there: <see cref="MultipathdReply.ExitNonZero"/> closes
/// the connection without a reply, <see cref="MultipathdReply.Oversized"/> announces a reply of 1 TiB.
/// </summary>
internal sealed class SimulatedMultipathdSocket : IAsyncDisposable
{
    private readonly SimulatedHost _host;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _disposed;

    public SimulatedMultipathdSocket(SimulatedHost host, string path)
    {
        _host = host;
        Path = path;
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.Delete(path);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen(64);
        _accepting = AcceptAsync();
    }

    /// <summary>The socket's path.</summary>
    public string Path { get; }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }

        File.Delete(Path);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptAsync(_stop.Token);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            try
            {
                await using var stream = new NetworkStream(client, ownsSocket: false);
                var header = new byte[IntPtr.Size];
                await stream.ReadExactlyAsync(header, _stop.Token);
                var length = MemoryMarshal.Read<nuint>(header);
                if (length is 0 or > 4096)
                    return;
                var body = new byte[(int)length];
                await stream.ReadExactlyAsync(body, _stop.Token);
                var command = Encoding.UTF8.GetString(body).TrimEnd('\0');
                var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                _host.RecordSocketCall(new ProgramCall(SimulatedPrograms.Multipathd, args));
                var (exit, stdout, stderr) = await SimulatedPrograms.AnswerAsync(_host, SimulatedPrograms.Multipathd, args, _stop.Token);
                switch (exit, stdout)
                {
                    case (SimulatedPrograms.OversizedExit, _):
                        await stream.WriteAsync(Length(1UL << 40), _stop.Token);
                        return;
                    case (not 0, ""):
                        return;
                }

                var reply = Encoding.UTF8.GetBytes((stdout.Length > 0 ? stdout : stderr) + "\0");
                await stream.WriteAsync(Length((ulong)reply.Length), _stop.Token);
                await stream.WriteAsync(reply, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // the client went away, or the host is disposed
            }
        }
    }

    private static byte[] Length(ulong length)
    {
        var bytes = new byte[IntPtr.Size];
        MemoryMarshal.Write(bytes, (nuint)length);
        return bytes;
    }
}
