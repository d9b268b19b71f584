using System.Security.Cryptography;
using System.Text;

namespace Brick.Cinder.Bridging;

/// <summary>
/// The <c>correlationId</c> of the <c>VolumeExtended</c> made for one attachment of one notification: a name-based UUID
/// (RFC 9562 version 5) of the attachment id (or, without one, the host) in the namespace of the notification's
/// <c>message_id</c>. A notification delivered twice makes messages with the same ids, which the worker answers
/// once; two notifications, or two attachments, never share one.
/// </summary>
public static class BridgeCorrelation
{
    /// <summary>The id for <paramref name="name"/> (attachment id or host) of notification <paramref name="messageId"/>.</summary>
    public static Guid Of(Guid messageId, string name)
    {
        var space = messageId.ToByteArray(bigEndian: true);
        var bytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[space.Length + bytes.Length];
        space.CopyTo(input, 0);
        bytes.CopyTo(input, space.Length);
#pragma warning disable CA5350 // SHA-1 is what a version 5 UUID is made of; it identifies, it protects nothing.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
