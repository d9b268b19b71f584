using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Kernel;
using Brick.Engine.Requests;

namespace Brick.Engine.Discovery;

/// <summary>
/// The WWIDs an NVMe namespace answers to, as dm-multipath spells them: its <c>wwid</c> attribute (<c>uuid.…</c>,
/// <c>eui.…</c>, <c>nvme.…</c>), <c>uuid.</c> and its <c>uuid</c>, <c>eui.</c> and its <c>nguid</c>; each written as
/// <see cref="ScsiWwid.Normalize"/> writes a request's WWID.
/// </summary>
internal static class NvmeIdentity
{
    public static IReadOnlyList<string> Wwids(Func<NvmeNamespaceId, string?> read)
    {
        // An all-zero identifier is what a namespace without one reports: the namespace does not answer to it.
        var wwids = new List<string>();
        if (read(NvmeNamespaceId.Wwid) is { Length: > 0 } wwid && !NvmeNamespaceIds.IsNone(wwid))
            wwids.Add(ScsiWwid.Normalize(wwid));
        if (read(NvmeNamespaceId.Uuid) is { Length: > 0 } uuid && !NvmeNamespaceIds.IsNone(uuid))
            wwids.Add(ScsiWwid.Normalize("uuid." + uuid));
        if (read(NvmeNamespaceId.Nguid) is { Length: > 0 } nguid && !NvmeNamespaceIds.IsNone(nguid))
            wwids.Add(ScsiWwid.Normalize("eui." + nguid.Replace("-", "", StringComparison.Ordinal)));
        return wwids;
    }

    /// <summary>The identity attributes as one line, for <see cref="IdentityFacts"/>.</summary>
    public static string? Line(Func<NvmeNamespaceId, string?> read) =>
        read(NvmeNamespaceId.Wwid) is var w && read(NvmeNamespaceId.Uuid) is var u && read(NvmeNamespaceId.Nguid) is var n
        && (w ?? u ?? n) is null ? null : $"wwid={w} uuid={u} nguid={n}";

    /// <summary>Throws <c>WwidMismatch</c> unless the namespace <paramref name="name"/> answers to <paramref name="expected"/>.</summary>
    public static void Require(string name, Func<NvmeNamespaceId, string?> read, string expected)
    {
        var wwids = Wwids(read);
        if (!wwids.Contains(expected, StringComparer.Ordinal))
        {
            throw new ExtendFailedException(ResizeFailureReason.WwidMismatch,
                $"The request names WWID {expected} but {name} reports {(wwids.Count == 0 ? "none" : string.Join(" / ", wwids))}; nothing was touched.");
        }
    }
}
