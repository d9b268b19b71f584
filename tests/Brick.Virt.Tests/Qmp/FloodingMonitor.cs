using System.Net.Sockets;
using System.Text;

namespace Brick.Virt.Tests.Qmp;

/// <summary>
/// A socket in the QMP directory that is no honest monitor: it greets, takes <c>qmp_capabilities</c>, then answers the
/// next command with <see cref="Flood"/> bytes that never end a line, or with events without end; it counts what the
/// client took before it closed the connection.
/// </summary>
internal sealed class FloodingMonitor : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private long _sent;

    public FloodingMonitor(string socketPath, long flood, bool events = false)
    {
        Flood = flood;
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen(1);
        _serving = Task.Run(() => ServeAsync(events));
    }

    /// <summary>How many bytes it sends as the answer (unless the client stops reading first).</summary>
    public long Flood { get; }

    /// <summary>The bytes of the answer the client took before it closed the connection.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Ends when the client closed the connection or the whole flood went.</summary>
    public Task Served => _serving;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync(bool events)
    {
        using var client = await _listener.AcceptAsync(_stop.Token);
        try
        {
            await ConverseAsync(client, events);
        }
        catch (IOException)
        {
            // The client closed the connection, at whatever step: it stopped reading. That is the client's story to tell,
            // so it never surfaces from here (a client that gave up during the greeting would otherwise be reported as
            // this monitor's "connection reset" instead of the client's own error).
        }
    }

    private async Task ConverseAsync(Socket client, bool events)
    {
        await using var stream = new NetworkStream(client, ownsSocket: false);
        using var reader = new StreamReader(stream, leaveOpen: true);
        await stream.WriteAsync("{\"QMP\": {\"version\": {}, \"capabilities\": []}}\n"u8.ToArray(), _stop.Token);
        await reader.ReadLineAsync(_stop.Token);
        await stream.WriteAsync("{\"return\": {}}\n"u8.ToArray(), _stop.Token);
        await reader.ReadLineAsync(_stop.Token);
        var chunk = events
            ? Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"event\": \"BLOCK_JOB_READY\", \"data\": {}}\n", 100)))
            : Encoding.UTF8.GetBytes(new string('x', 64 * 1024));
        while (Sent < Flood)
        {
            await stream.WriteAsync(chunk, _stop.Token);
            Interlocked.Add(ref _sent, chunk.Length);
        }
    }
}
