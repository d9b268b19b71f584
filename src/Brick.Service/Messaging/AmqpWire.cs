using System.Buffers.Binary;
using System.Text;

namespace Brick.Service.Messaging;

/// <summary>
/// The few AMQP 0-9-1 frames <see cref="OversizedBodyGuard"/> speaks itself, on a stream of its own: RabbitMQ.Client
/// takes a whole body into memory before anyone sees it, and refuses one above its limit only by closing the
/// connection, so a body that is too large can be taken off the queue only by reading its frames and dropping them.
/// </summary>
internal sealed class AmqpWire(Stream stream)
{
    /// <summary>A frame: its type (1 method, 2 content header, 3 body, 8 heartbeat), channel and payload.</summary>
    public readonly record struct Frame(byte Type, ushort Channel, byte[] Payload)
    {
        /// <summary>The class and method of a method frame.</summary>
        public (ushort Class, ushort Method) Id => (BinaryPrimitives.ReadUInt16BigEndian(Payload), BinaryPrimitives.ReadUInt16BigEndian(Payload.AsSpan(2)));
    }

    private readonly byte[] _head = new byte[7];

    /// <summary>The largest frame payload accepted from the broker (its <c>frame_max</c> is 128 KiB by default).</summary>
    public uint FrameMax { get; set; } = 131072;

    /// <summary>Sends the protocol header.</summary>
    public ValueTask StartAsync(CancellationToken ct) => stream.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray(), ct);

    /// <summary>Reads one frame; a payload above <see cref="FrameMax"/> is refused (a broker that ignores the tuning).</summary>
    public async Task<Frame> ReadAsync(CancellationToken ct)
    {
        await stream.ReadExactlyAsync(_head, ct);
        var size = BinaryPrimitives.ReadUInt32BigEndian(_head.AsSpan(3));
        if (size > FrameMax)
            throw new InvalidDataException($"The broker sent a frame of {size} bytes, above frame_max {FrameMax}.");
        var payload = new byte[size];
        await stream.ReadExactlyAsync(payload, ct);
        var end = new byte[1];
        await stream.ReadExactlyAsync(end, ct);
        if (end[0] != 0xCE)
            throw new InvalidDataException("The broker sent a frame without its end marker.");
        return new Frame(_head[0], BinaryPrimitives.ReadUInt16BigEndian(_head.AsSpan(1)), payload);
    }

    /// <summary>Sends a frame.</summary>
    public async Task WriteAsync(byte type, ushort channel, byte[] payload, CancellationToken ct)
    {
        var frame = new byte[8 + payload.Length];
        frame[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(1), channel);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(3), (uint)payload.Length);
        payload.CopyTo(frame, 7);
        frame[^1] = 0xCE;
        await stream.WriteAsync(frame, ct);
        await stream.FlushAsync(ct);
    }

    /// <summary>Sends a method frame.</summary>
    public Task MethodAsync(ushort channel, ushort classId, ushort methodId, Action<Writer> arguments, CancellationToken ct)
    {
        var writer = new Writer();
        writer.U16(classId).U16(methodId);
        arguments(writer);
        return WriteAsync(1, channel, writer.ToArray(), ct);
    }

    /// <summary>Writes AMQP's big-endian fields.</summary>
    public sealed class Writer
    {
        private readonly MemoryStream _buffer = new();

        public Writer U8(byte value)
        {
            _buffer.WriteByte(value);
            return this;
        }

        public Writer U16(ushort value)
        {
            Span<byte> bytes = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
            _buffer.Write(bytes);
            return this;
        }

        public Writer U32(uint value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
            _buffer.Write(bytes);
            return this;
        }

        public Writer U64(ulong value)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
            _buffer.Write(bytes);
            return this;
        }

        public Writer Short(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            _buffer.WriteByte((byte)bytes.Length);
            _buffer.Write(bytes);
            return this;
        }

        public Writer Long(byte[] bytes)
        {
            U32((uint)bytes.Length);
            _buffer.Write(bytes);
            return this;
        }

        public Writer Bytes(byte[] bytes)
        {
            _buffer.Write(bytes);
            return this;
        }

        public byte[] ToArray() => _buffer.ToArray();
    }

    /// <summary>Reads AMQP's big-endian fields from a payload.</summary>
    public ref struct Reader(ReadOnlySpan<byte> payload)
    {
        private ReadOnlySpan<byte> _rest = payload;

        public ushort U16()
        {
            var value = BinaryPrimitives.ReadUInt16BigEndian(_rest);
            _rest = _rest[2..];
            return value;
        }

        public uint U32()
        {
            var value = BinaryPrimitives.ReadUInt32BigEndian(_rest);
            _rest = _rest[4..];
            return value;
        }

        public ulong U64()
        {
            var value = BinaryPrimitives.ReadUInt64BigEndian(_rest);
            _rest = _rest[8..];
            return value;
        }

        public string Short()
        {
            var length = _rest[0];
            var text = Encoding.UTF8.GetString(_rest.Slice(1, length));
            _rest = _rest[(1 + length)..];
            return text;
        }

        public void Skip(int bytes) => _rest = _rest[bytes..];
    }
}
