using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using Brick.Testing;

namespace Brick.Worker.IntegrationTests.Http;

/// <summary>
/// A stand-in OTLP/HTTP collector on a loopback port: it answers every POST 200 with an empty body (an empty
/// protobuf <c>Export*ServiceResponse</c>: all accepted) and keeps each request's path and body, gunzipped where the
/// exporter compressed it. The bodies are protobuf; their strings (span names, attribute keys and values, metric
/// names) are stored as UTF-8 bytes, which is what the tests look for.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Path, string ContentType, byte[] Body)> _requests = new();
    private readonly Task _serving;

    public OtlpReceiver()
    {
        Port = LoopbackPort.Free();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>What an exporter is given as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Every request so far: its path, content type and body.</summary>
    public IReadOnlyList<(string Path, string ContentType, byte[] Body)> Requests => [.. _requests];

    /// <summary>Whether the bodies posted to <paramref name="path"/> hold, together, every one of <paramref name="texts"/>.</summary>
    public bool Received(string path, params string[] texts)
    {
        var bodies = Requests.Where(r => r.Path == path).Select(r => r.Body).ToList();
        return texts.All(t => bodies.Any(b => b.AsSpan().IndexOf(Encoding.UTF8.GetBytes(t)) >= 0));
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            var input = context.Request.Headers["Content-Encoding"] == "gzip"
                ? new GZipStream(context.Request.InputStream, CompressionMode.Decompress)
                : context.Request.InputStream;
            await using (input)
                await input.CopyToAsync(body);
            _requests.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType ?? "", body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}
