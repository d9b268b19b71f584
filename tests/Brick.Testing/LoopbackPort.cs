using System.Net;
using System.Net.Sockets;

namespace Brick.Testing;

/// <summary>A TCP port of the loopback address that nothing listens on (as the system hands them out: free a moment ago).</summary>
public static class LoopbackPort
{
    /// <summary>A port free on 127.0.0.1 now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
