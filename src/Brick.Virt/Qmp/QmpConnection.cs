using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Brick.Virt.Guests;

namespace Brick.Virt.Qmp;

/// <summary>
/// One conversation with a QEMU monitor over its QMP socket: connect, read the greeting, <c>qmp_capabilities</c>, then
/// commands, each answered by one <c>return</c> or <c>error</c> line (events in between are skipped). QMP serves one
/// client at a time, so a connection is opened, used and closed. Every step is bounded by <c>timeout</c>; a socket that
/// is gone or refuses is <c>GuestGone</c>, one that does not answer
/// <c>HypervisorTimeout</c>.
/// </summary>
internal sealed class QmpConnection : IAsyncDisposable
{
    /// <summary>The longest line read from a monitor, in bytes (a <c>query-block</c> of many disks is a few KiB); bounded while reading.</summary>
    public const int MaxLineBytes = 1 << 20;

    private readonly Socket _socket;
    private readonly string _path;
    private readonly TimeSpan _timeout;
    private Stream? _stream;
    private QmpLineReader? _reader;

    private QmpConnection(Socket socket, string path, TimeSpan timeout)
    {
        _socket = socket;
        _path = path;
        _timeout = timeout;
    }

    private Stream Stream => _stream ??= new NetworkStream(_socket, ownsSocket: false);

    private QmpLineReader Reader => _reader ??= new QmpLineReader(Stream, MaxLineBytes);

    /// <summary>Connects to the monitor at <paramref name="path"/> and negotiates capabilities.</summary>
    public static async Task<QmpConnection> OpenAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var connection = new QmpConnection(socket, path, timeout);
        try
        {
            using (var bounded = connection.Bounded(cancellationToken))
            {
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), bounded.Token);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable
                    or SocketError.AddressFamilyNotSupported || !File.Exists(path))
                {
                    throw HypervisorException.Gone($"The QMP socket {path} is gone or refuses connections ({e.SocketErrorCode}).", e);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    throw connection.TimedOut("connecting", e);
                }
            }

            JsonObject greeting;
            using (var bounded = connection.Bounded(cancellationToken))
                greeting = await connection.ReadLineAsync("the greeting", bounded.Token, cancellationToken);
            if (greeting["QMP"] is null)
                throw HypervisorException.Failed($"{path} is not a QMP monitor: it greeted with {Clip(greeting.ToJsonString())}.");
            await connection.ExecuteAsync("qmp_capabilities", null, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="command"/> and returns its <c>return</c> value; an <c>error</c> answer throws (<c>DeviceNotFound</c> as gone).</summary>
    public async Task<JsonNode?> ExecuteAsync(string command, JsonObject? arguments, CancellationToken cancellationToken)
    {
        var request = new JsonObject { ["execute"] = command };
        if (arguments is not null)
            request["arguments"] = arguments;
        var bytes = Encoding.UTF8.GetBytes(request.ToJsonString() + "\n");
        using (var bounded = Bounded(cancellationToken))
        {
            try
            {
                await Stream.WriteAsync(bytes, bounded.Token);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw TimedOut($"sending {command}", e);
            }
            catch (IOException e)
            {
                throw HypervisorException.Gone($"The QMP socket {_path} closed while {command} was sent: {e.Message}", e);
            }
        }

        // One time limit for the whole answer: a monitor that sends event after event never delays it past that.
        using var answering = Bounded(cancellationToken);
        while (true)
        {
            var answer = await ReadLineAsync($"the answer to {command}", answering.Token, cancellationToken);
            if (answer.ContainsKey("return"))
                return answer["return"];
            if (answer["error"] is JsonObject error)
            {
                var kind = Text(error["class"]) ?? "Error";
                var description = Text(error["desc"]) ?? "no description";
                var message = $"{command} on {_path} answered {Clip(kind)}: {Clip(description)}";
                throw kind == "DeviceNotFound" || description.Contains("not found", StringComparison.OrdinalIgnoreCase)
                    ? HypervisorException.Gone(message)
                    : HypervisorException.Failed(message);
            }

            // An asynchronous event ({"event": ...}): not the answer.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
            await _stream.DisposeAsync();
        _socket.Dispose();
    }

    private async Task<JsonObject> ReadLineAsync(string what, CancellationToken bounded, CancellationToken cancellationToken)
    {
        string? line;
        try
        {
            line = await Reader.ReadLineAsync(bounded);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut($"waiting for {what}", e);
        }
        catch (IOException e)
        {
            throw HypervisorException.Gone($"The QMP socket {_path} closed while waiting for {what}: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw HypervisorException.Failed($"{_path} sent {e.Message} as {what}: it is not read further.", e);
        }

        if (line is null)
            throw HypervisorException.Gone($"The QMP socket {_path} closed while waiting for {what}.");
        try
        {
            return JsonNode.Parse(line) as JsonObject
                ?? throw HypervisorException.Failed($"{_path} sent {Clip(line)} as {what}, not a JSON object.");
        }
        catch (JsonException e)
        {
            throw HypervisorException.Failed($"{_path} sent {Clip(line)} as {what}, not JSON.", e);
        }
    }

    private CancellationTokenSource Bounded(CancellationToken cancellationToken)
    {
        var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(_timeout);
        return bounded;
    }

    private HypervisorException TimedOut(string what, Exception inner) =>
        HypervisorException.TimedOut($"The QMP socket {_path} did not answer within {_timeout.TotalSeconds:0.###} s ({what}).", inner);

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>What a monitor sent, for a detail sentence: at most 200 characters, anything outside printable ASCII as <c>?</c>.</summary>
    private static string Clip(string text)
    {
        var clipped = text.Length > 200 ? text[..200] + "..." : text;
        return string.Create(clipped.Length, clipped, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = source[i] is >= ' ' and <= '~' ? source[i] : '?';
        });
    }
}
