using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Brick.Simulation.Guests;

/// <summary>
/// A stand-in QEMU guest: a QMP monitor on a Unix socket, answering as QEMU 7.2 does to what blockresize asks
/// (the greeting, <c>qmp_capabilities</c>, <c>query-block</c>, <c>block_resize</c>), one client at a time, for
/// <c>blockresize --simulate</c> and the tests. Its disks keep the size the last <c>block_resize</c> gave them (QEMU
/// itself would shrink a disk too: it is blockresize that must not ask). <see cref="Behaviour"/> makes it misbehave.
/// </summary>
public sealed class SimulatedQmpGuest : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private readonly Lock _lock = new();
    private readonly List<string> _commands = [];
    private int _disposed;

    private SimulatedQmpGuest(string socketPath, IReadOnlyList<SimulatedGuestDisk> disks, Action<string>? log)
    {
        SocketPath = socketPath;
        Disks = disks;
        Log = log;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen(8);
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>How the stand-in misbehaves.</summary>
    public enum Misbehaviour
    {
        /// <summary>It answers as QEMU does.</summary>
        None,

        /// <summary>It accepts connections and never says a word (a monitor stuck behind a long job).</summary>
        Hang,

        /// <summary>It answers <c>query-block</c>, then goes away (socket deleted, listener closed) before any <c>block_resize</c>.</summary>
        VanishAfterQuery,
    }

    /// <summary>Its monitor socket.</summary>
    public string SocketPath { get; }

    /// <summary>Its disks.</summary>
    public IReadOnlyList<SimulatedGuestDisk> Disks { get; }

    /// <summary>How it behaves; may be changed at any time.</summary>
    public Misbehaviour Behaviour { get; set; }

    /// <summary>Every command it was sent, in order (<c>query-block</c>, <c>block_resize disk0 2147483648</c>, …).</summary>
    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (_lock)
                return [.. _commands];
        }
    }

    private Action<string>? Log { get; }

    /// <summary>Starts a guest named by <paramref name="socketPath"/>'s file name, with <paramref name="disks"/>; <paramref name="log"/> hears each resize.</summary>
    public static SimulatedQmpGuest Start(string socketPath, IReadOnlyList<SimulatedGuestDisk> disks, Action<string>? log = null) =>
        new(socketPath, disks, log);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _serving;
        }
        catch (OperationCanceledException)
        {
        }

        File.Delete(SocketPath);
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            using (client)
            {
                try
                {
                    await ConverseAsync(client);
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // The client went away (or gave up on a hanging monitor).
                }
            }
        }
    }

    private async Task ConverseAsync(Socket client)
    {
        await using var stream = new NetworkStream(client, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        if (Behaviour == Misbehaviour.Hang)
        {
            await Task.Delay(Timeout.Infinite, _stop.Token);
            return;
        }

        await WriteAsync(stream, """{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}, "package": "brick stand-in"}, "capabilities": ["oob"]}}""");
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            var request = JsonNode.Parse(line) as JsonObject;
            var command = request?["execute"]?.GetValue<string>() ?? "";
            var answer = command switch
            {
                "qmp_capabilities" => new JsonObject { ["return"] = new JsonObject() },
                "query-block" => new JsonObject { ["return"] = QueryBlock() },
                "block_resize" => BlockResize(request!["arguments"] as JsonObject),
                _ => Error("CommandNotFound", $"The command {command} has not been found"),
            };
            if (command != "qmp_capabilities")
                Record(command == "block_resize" ? $"block_resize {Device(request!["arguments"] as JsonObject)} {request!["arguments"]?["size"]}" : command);
            await WriteAsync(stream, answer.ToJsonString());
            if (command == "query-block" && Behaviour == Misbehaviour.VanishAfterQuery)
            {
                File.Delete(SocketPath);
                _listener.Dispose();
                return;
            }
        }
    }

    private JsonArray QueryBlock() =>
    [
        .. Disks.Select(d => (JsonNode)new JsonObject
        {
            ["device"] = d.Device,
            ["qdev"] = $"/machine/peripheral-anon/device[{d.Device}]/virtio-backend",
            ["type"] = "unknown",
            ["locked"] = false,
            ["removable"] = false,
            ["inserted"] = new JsonObject
            {
                ["file"] = d.File,
                ["node-name"] = $"#block-{d.Device}",
                ["drv"] = "raw",
                ["ro"] = false,
                ["image"] = new JsonObject { ["filename"] = d.File, ["format"] = "raw", ["virtual-size"] = d.SizeBytes },
            },
        }),
    ];

    private JsonObject BlockResize(JsonObject? arguments)
    {
        var device = Device(arguments);
        var disk = Disks.FirstOrDefault(d => d.Device == device || $"#block-{d.Device}" == device);
        if (disk is null)
            return Error("DeviceNotFound", $"Device '{device}' not found");
        if (arguments?["size"] is not JsonValue value || !value.TryGetValue<long>(out var size) || size <= 0)
            return Error("GenericError", "Parameter 'size' is missing or not a positive integer");
        var before = disk.SizeBytes;
        disk.SizeBytes = size;
        Log?.Invoke($"guest {Path.GetFileNameWithoutExtension(SocketPath)}: {disk.Device} ({disk.File}) {before} -> {size} bytes; the guest sees {size / 512} sectors");
        return new JsonObject { ["return"] = new JsonObject() };
    }

    private static string? Device(JsonObject? arguments) =>
        arguments?["device"]?.GetValue<string>() ?? arguments?["node-name"]?.GetValue<string>();

    private static JsonObject Error(string kind, string description) =>
        new() { ["error"] = new JsonObject { ["class"] = kind, ["desc"] = description } };

    private void Record(string command)
    {
        lock (_lock)
            _commands.Add(command);
    }

    private static async Task WriteAsync(Stream stream, string line)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
        await stream.FlushAsync();
    }
}
