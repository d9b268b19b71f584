using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Brick.Contracts;
using Brick.Service.Settings;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Brick.Service.Messaging;

/// <summary>
/// Takes bodies above <c>Brick:MaxReceivedBytes</c> off the worker queue without reading them into memory. The bus's
/// connection refuses such a body from its announced size (RabbitMQ.Client's <c>MaxInboundMessageBodySize</c>) by
/// closing itself: the broker puts the message back, the endpoint faults, reconnects, gets the same message first
/// again, and would never consume anything else. So when the endpoint faults, this guard opens a connection of its
/// own, speaking the few AMQP frames it needs (<see cref="AmqpWire"/>), consumes the queue one message at a time,
/// and for each body above the limit reads its frames keeping only the first <see cref="KeptBytes"/> bytes, publishes
/// those bytes to the worker queue with the header <see cref="Header"/> (the original size; confirmed by the broker),
/// then acknowledges the original. The worker reads such a message as <c>InvalidRequest</c> naming the size
/// (<see cref="InboundDelivery"/>), so it ends in the error queue with its reason, as any refused request. The first
/// body within the limit is given back untouched, and the guard closes: the bus consumes it. It watches
/// <c>run</c>'s queue, or the queue <see cref="QueueOf"/> names (blockresize's, whose consumer refuses such a message
/// as <c>InvalidOutcome</c> the same way).
/// </summary>
internal sealed partial class OversizedBodyGuard(BrokerAddress broker, IOptions<EndpointSettings> settings, IOptions<HostSettings> host, ILogger<OversizedBodyGuard> logger)
    : IReceiveEndpointObserver
{
    /// <summary>The queue swept, from the settings: <c>brick-worker.&lt;host&gt;</c> unless set otherwise.</summary>
    public Func<string> QueueOf { get; init; } = () => EntityNames.WorkerQueue(host.Value.Host);

    /// <summary>The header that carries a moved body's original size, in bytes.</summary>
    public const string Header = "brick-oversized";

    /// <summary>How much of a body above the limit is kept.</summary>
    public const int KeptBytes = 4096;

    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private RerunTrigger? _trigger;

    /// <inheritdoc />
    /// <remarks>
    /// A fault while a sweep runs is not dropped: the sweep goes once more when it ends. The bus may have reconnected
    /// during the sweep and faulted on the next body above the limit after the sweep last looked.
    /// </remarks>
    public Task Faulted(ReceiveEndpointFaulted faulted)
    {
        LazyInitializer.EnsureInitialized(ref _trigger, () => new RerunTrigger(SweepQuietlyAsync)).Pull();
        return Task.CompletedTask;
    }

    private async Task SweepQuietlyAsync()
    {
        try
        {
            using var limit = new CancellationTokenSource(Limit);
            await SweepAsync(limit.Token);
        }
        catch (NodesUnreachableException)
        {
            // The broker is away: the endpoint's fault was that, and the bus says so itself.
        }
        catch (Exception e)
        {
            LogSweepFailed(Secrets.Scrub(e.GetBaseException().Message));
        }
    }

    /// <inheritdoc />
    public Task Ready(ReceiveEndpointReady ready) => Task.CompletedTask;

    /// <inheritdoc />
    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    /// <inheritdoc />
    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    /// <summary>Moves every body above the limit at the head of the queue; returns how many it moved.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var queue = QueueOf();
        var limit = (ulong)settings.Value.MaxReceivedBytes;
        LogSweeping(queue);
        await using var stream = await ConnectAsync(ct);
        var wire = new AmqpWire(stream);
        await OpenAsync(wire, queue, ct);
        var moved = 0;
        try
        {
            while (true)
            {
                AmqpWire.Frame deliver;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    idle.CancelAfter(Idle);
                    try
                    {
                        deliver = await ExpectAsync(wire, 60, 60, idle.Token);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        LogSwept(queue, moved, "nothing more was delivered to it"); // the queue is empty or the bus holds its head
                        return moved;
                    }
                }

                var reader = new AmqpWire.Reader(deliver.Payload);
                reader.Skip(4);
                reader.Short();
                var tag = reader.U64();
                var header = await wire.ReadAsync(ct);
                if (header.Type != 2)
                    throw new InvalidDataException($"Expected a content header, got a frame of type {header.Type}.");
                var size = new AmqpWire.Reader(header.Payload.AsSpan(4)).U64(); // after class and weight
                var kept = await ReadBodyAsync(wire, size, size > limit ? KeptBytes : 0, ct);
                if (size <= limit)
                {
                    await wire.MethodAsync(1, 60, 90, w => w.U64(tag).U8(1), ct); // basic.reject, requeue: the bus takes it
                    LogSwept(queue, moved, $"the next body ({size} bytes) is within the limit and was given back");
                    return moved;
                }

                await PublishAsync(wire, queue, size, kept, ct);
                await wire.MethodAsync(1, 60, 80, w => w.U64(tag).U8(0), ct); // basic.ack of the original
                moved++;
                LogMoved(size, queue, settings.Value.MaxReceivedBytes);
            }
        }
        finally
        {
            await CloseAsync(wire);
        }
    }

    private async Task<Stream> ConnectAsync(CancellationToken ct)
    {
        Exception? last = null;
        foreach (var node in broker.Nodes)
        {
            var host = BrokerAddress.NameOf(node);
            var tcp = new TcpClient();
            try
            {
                await tcp.ConnectAsync(host, BrokerAddress.PortOf(node), ct);
                Stream stream = tcp.GetStream();
                if (!broker.UseTls)
                    return new OwningStream(stream, tcp);
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false, BrokerCertificateCheck.For(broker.Tls, () => host, logger));
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = host,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificates = broker.Tls.ClientCertificate is { } certificate ? new X509CertificateCollection { certificate } : null,
                }, ct);
                return new OwningStream(ssl, tcp);
            }
            catch (Exception e) when (e is SocketException or IOException or AuthenticationException)
            {
                tcp.Dispose();
                last = e;
            }
        }

        throw new NodesUnreachableException($"No node of {broker.Redacted} could be reached", last);
    }

    private async Task OpenAsync(AmqpWire wire, string queue, CancellationToken ct)
    {
        await wire.StartAsync(ct);
        await ExpectAsync(wire, 10, 10, ct); // connection.start
        var response = Encoding.UTF8.GetBytes($"\0{broker.UserName}\0{broker.Password}");
        await wire.MethodAsync(0, 10, 11, w => w.U32(0).Short("PLAIN").Long(response).Short("en_US"), ct);
        var tune = await ExpectAsync(wire, 10, 30, ct);
        var reader = new AmqpWire.Reader(tune.Payload);
        reader.Skip(4);
        reader.U16();
        var frameMax = reader.U32();
        wire.FrameMax = frameMax == 0 ? 131072 : frameMax;
        await wire.MethodAsync(0, 10, 31, w => w.U16(1).U32(wire.FrameMax).U16(0), ct);
        await wire.MethodAsync(0, 10, 40, w => w.Short(broker.VirtualHost).Short("").U8(0), ct);
        await ExpectAsync(wire, 10, 41, ct);
        await wire.MethodAsync(1, 20, 10, w => w.Short(""), ct);
        await ExpectAsync(wire, 20, 11, ct);
        await wire.MethodAsync(1, 85, 10, w => w.U8(0), ct); // confirm.select
        await ExpectAsync(wire, 85, 11, ct);
        await wire.MethodAsync(1, 60, 10, w => w.U32(0).U16(1).U8(0), ct); // basic.qos, one at a time
        await ExpectAsync(wire, 60, 11, ct);
        await wire.MethodAsync(1, 60, 20, w => w.U16(0).Short(queue).Short("").U8(0).U32(0), ct); // basic.consume
        await ExpectAsync(wire, 60, 21, ct);
    }

    private static async Task<byte[]> ReadBodyAsync(AmqpWire wire, ulong size, int keep, CancellationToken ct)
    {
        var kept = new byte[(int)Math.Min((ulong)keep, size)];
        ulong read = 0;
        while (read < size)
        {
            var frame = await wire.ReadAsync(ct);
            if (frame.Type != 3)
                throw new InvalidDataException($"Expected a body frame, got a frame of type {frame.Type}.");
            if (read < (ulong)kept.Length)
                frame.Payload.AsSpan(0, (int)Math.Min((ulong)frame.Payload.Length, (ulong)kept.Length - read)).CopyTo(kept.AsSpan((int)read));
            read += (ulong)frame.Payload.Length;
        }

        return kept;
    }

    private static async Task PublishAsync(AmqpWire wire, string queue, ulong size, byte[] kept, CancellationToken ct)
    {
        await wire.MethodAsync(1, 60, 40, w => w.U16(0).Short("").Short(queue).U8(0), ct); // basic.publish to the queue itself
        var table = new AmqpWire.Writer().Short(Header).U8((byte)'l').U64(size).ToArray();
        var header = new AmqpWire.Writer()
            .U16(60).U16(0).U64((ulong)kept.Length)
            .U16((1 << 15) | (1 << 13) | (1 << 12)) // content-type, headers, delivery-mode
            .Short("application/json").Long(table).U8(2)
            .ToArray();
        await wire.WriteAsync(2, 1, header, ct);
        if (kept.Length > 0)
            await wire.WriteAsync(3, 1, kept, ct);
        await ExpectAsync(wire, 60, 80, ct); // the broker's confirm: the copy is in the queue before the original goes
    }

    private static async Task CloseAsync(AmqpWire wire)
    {
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await wire.MethodAsync(0, 10, 50, w => w.U16(200).Short("done").U16(0).U16(0), quick.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Closing the socket ends it all the same: unacknowledged deliveries go back to the queue.
        }
    }

    /// <summary>The next frame, which must be the method (<paramref name="classId"/>, <paramref name="methodId"/>); a close from the broker is thrown with its text.</summary>
    private static async Task<AmqpWire.Frame> ExpectAsync(AmqpWire wire, ushort classId, ushort methodId, CancellationToken ct)
    {
        while (true)
        {
            var frame = await wire.ReadAsync(ct);
            if (frame.Type == 8)
                continue; // heartbeat
            if (frame.Type != 1)
                throw new InvalidDataException($"Expected the method {classId}.{methodId}, got a frame of type {frame.Type}.");
            var id = frame.Id;
            if (id == (classId, methodId))
                return frame;
            if (id is (10, 50) or (20, 40))
            {
                var reader = new AmqpWire.Reader(frame.Payload);
                reader.Skip(4);
                var code = reader.U16();
                throw new IOException($"The broker closed the {(id.Class == 10 ? "connection" : "channel")} ({code}): {reader.Short()}");
            }

            throw new InvalidDataException($"Expected the method {classId}.{methodId}, got {id.Class}.{id.Method}.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moved a body of {Size} bytes from {Queue} unread (above MaxReceivedBytes, {Limit}): it goes to the error queue as refused")]
    private partial void LogMoved(ulong size, string queue, int limit);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The endpoint faulted: looking for bodies above MaxReceivedBytes at the head of {Queue}")]
    private partial void LogSweeping(string queue);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Done with {Queue}: moved {Moved} bodies above MaxReceivedBytes; then {Why}")]
    private partial void LogSwept(string queue, int moved, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not take bodies above MaxReceivedBytes off the queue: {Error}")]
    private partial void LogSweepFailed(string error);

    /// <summary>No node of the broker could be reached.</summary>
    private sealed class NodesUnreachableException(string message, Exception? inner) : IOException(message, inner);

    /// <summary>A stream that disposes its socket with it.</summary>
    private sealed class OwningStream(Stream inner, TcpClient tcp) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                tcp.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
