using System.Net.Sockets;
using System.Text;

namespace Brick.Deploy.Tests.Support;

/// <summary>
/// What the worker sees when systemd starts it, without systemd: a parent process named <c>systemd</c> (how
/// Microsoft.Extensions.Hosting.Systemd tells it runs under systemd: the parent's <c>/proc/PID/comm</c>), and a
/// <c>NOTIFY_SOCKET</c> datagram socket that collects what it sends. Deleted on dispose.
/// </summary>
internal sealed class FakeSystemd : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("brick-fake-systemd.").FullName;
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly List<string> _messages = [];
    private readonly Task _receiving;

    public FakeSystemd()
    {
        // A copy of bash named systemd runs the worker as its child and writes the child's pid down.
        File.Copy("/bin/bash", Path.Combine(_folder, "systemd"));
        File.SetUnixFileMode(Path.Combine(_folder, "systemd"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        NotifySocket = Path.Combine(_folder, "notify");
        _socket.Bind(new UnixDomainSocketEndPoint(NotifySocket));
        _receiving = Task.Run(ReceiveAsync);
    }

    public string NotifySocket { get; }

    private string PidFile => Path.Combine(_folder, "worker.pid");

    /// <summary>The launcher for <see cref="WorkerProcess.Start"/>.</summary>
    public IReadOnlyList<string> Launcher =>
        [Path.Combine(_folder, "systemd"), "-c", $"\"$@\" & echo $! > {PidFile}; wait $!", "systemd"];

    /// <summary>The worker's own pid (the launcher's child).</summary>
    public int WorkerPid => int.Parse(File.ReadAllText(PidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every notification received so far.</summary>
    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
                return [.. _messages];
        }
    }

    /// <summary>Waits for a notification line (e.g. <c>READY=1</c>).</summary>
    public async Task WaitForAsync(string line, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Messages.Any(m => m.Split('\n').Contains(line)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no {line} on NOTIFY_SOCKET within {timeout}; received: [{string.Join(" | ", Messages)}]");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _ = _receiving.Exception;
        Directory.Delete(_folder, recursive: true);
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var n = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                lock (_messages)
                    _messages.Add(Encoding.UTF8.GetString(buffer, 0, n));
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            // disposed
        }
    }
}
