using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Brick.Worker.IntegrationTests;

/// <summary>
/// The two things the tests ask the local Docker daemon directly (its unix socket, no CLI): which API version it speaks
/// (Testcontainers speaks 1.44 unless <c>DOCKER_API_VERSION</c> says otherwise; Debian's docker.io 20.10, which CI
/// installs, answers at most 1.41), and removing a container (without Ryuk, Testcontainers only stops it).
/// </summary>
public static class DockerDaemon
{
    private static readonly Version Preferred = new(1, 44);

    /// <summary>Sets <c>DOCKER_API_VERSION</c> where it is unset and the local daemon is older than Testcontainers' default.</summary>
    public static void PinApiVersion()
    {
        if (Environment.GetEnvironmentVariable("DOCKER_API_VERSION") is { Length: > 0 })
            return;
        try
        {
            using var http = Client();
            if (http is null)
                return;
            var version = http.GetFromJsonAsync<JsonElement>("http://docker/version").GetAwaiter().GetResult();
            if (version.TryGetProperty("ApiVersion", out var api) && Version.TryParse(api.GetString(), out var daemon) && daemon < Preferred)
                Environment.SetEnvironmentVariable("DOCKER_API_VERSION", daemon.ToString(2));
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException or TaskCanceledException or JsonException)
        {
            // no daemon: Testcontainers says so when a container is asked for
        }
    }

    /// <summary>Removes a container and its anonymous volumes, whatever its state.</summary>
    public static async Task RemoveAsync(string containerId)
    {
        using var http = Client();
        if (http is null || containerId.Length == 0)
            return;
        using var response = await http.DeleteAsync(new Uri($"http://docker/containers/{Uri.EscapeDataString(containerId)}?force=true&v=true"));
    }

    private static HttpClient? Client()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var socket = host is { Length: > 0 }
            ? host.StartsWith("unix://", StringComparison.Ordinal) ? host["unix://".Length..] : null
            : "/var/run/docker.sock";
        if (socket is null || !File.Exists(socket))
            return null;
        return new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct);
                return new NetworkStream(s, ownsSocket: true);
            },
        }) { Timeout = TimeSpan.FromSeconds(30) };
    }
}
