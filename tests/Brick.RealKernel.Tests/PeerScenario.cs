using System.Text.Json;

namespace Brick.RealKernel.Tests;

/// <summary>
/// A scenario of the peer suite (<c>peers</c> in <c>scenarios.json</c>, script <c>peers/ID.sh</c>): os-brick's
/// <c>extend_volume</c> and <c>brick-worker extend</c> on the same volume, each after the array grew it. What is right
/// there: the size the array gave the volume returned and shown by every layer in <see cref="Layers"/> (all of them
/// when empty; the <see cref="Top"/> layer shows it less what lies below it, e.g. a LUKS header); a named failure is
/// right too only where <see cref="FailureRight"/> says why.
/// </summary>
internal sealed record PeerScenario(string Id, string Boot, string? After, string Test, string Setup, IReadOnlyList<string> Layers, string? Top, string? FailureRight)
{
    public static PeerScenario Parse(JsonElement json, int index)
    {
        var where = $"peers[{index}]";
        var o = CatalogJson.Object(json, where, "id", "boot", "after", "test", "setup", "layers", "top", "failureRight");
        var id = CatalogJson.String(o, "id", where)!;
        where = $"peers[{index}] ({id})";
        return new PeerScenario(
            id,
            CatalogJson.String(o, "boot", where)!,
            CatalogJson.String(o, "after", where, required: false),
            CatalogJson.String(o, "test", where)!,
            CatalogJson.String(o, "setup", where)!,
            CatalogJson.Strings(o, "layers"),
            CatalogJson.String(o, "top", where, required: false),
            CatalogJson.String(o, "failureRight", where, required: false));
    }

    public override string ToString() => Id;
}
