using System.Security.Cryptography;
using System.Text;

namespace Brick.Engine.Operations;

/// <summary>
/// How volume ids are compared for locking and for joining requests: case-insensitively (ordinal). Cinder's ids are
/// UUIDs, and a control plane may write their hex digits in either case; two spellings of one id must never run on
/// the host at once. Two volumes whose ids differ only in case are therefore serialised, which costs nothing but a wait.
/// </summary>
internal static class VolumeKey
{
    /// <summary>The comparer of volume ids.</summary>
    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    /// <summary>
    /// The name of the volume's host lock file: <c>volume-</c> and the first 32 hex digits of the SHA-256 of the id in
    /// upper case, so that an id from the network never becomes a path and both spellings of one id name one file.
    /// </summary>
    public static string LockName(string volumeId) =>
        "volume-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(volumeId.ToUpperInvariant())))[..32];
}
