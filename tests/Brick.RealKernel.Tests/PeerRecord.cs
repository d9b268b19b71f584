using System.Text.Json;

namespace Brick.RealKernel.Tests;

/// <summary>
/// What the guest recorded for one peer scenario (<c>peers.sh</c>'s <c>peer_record</c>): each system's turn on the
/// volume. <see cref="TopOffsetSectors"/>: what lies below the top layer's data (a LUKS header), when the scenario
/// has a top layer.
/// </summary>
internal sealed record PeerRecord(string Peer, string Boot, string Status, string? Problem, long? TopOffsetSectors, IReadOnlyList<PeerTurn> Turns)
{
    public const string OsBrick = "os-brick";
    public const string Worker = "brick-worker";

    public PeerTurn? Turn(string system) => Turns.FirstOrDefault(t => t.System == system);
}

/// <summary>One system's turn: its wall time (every call of the turn, side by side), the roles' devices around it, its calls.</summary>
internal sealed record PeerTurn(
    string System,
    long Milliseconds,
    IReadOnlyDictionary<string, DeviceState> Before,
    IReadOnlyDictionary<string, DeviceState> After,
    IReadOnlyList<PeerCall> Calls);

/// <summary>One call of a turn: the worker request it was given (os-brick gets its connection data), how it ended, and its filtered trace (<c>peer-trace.awk</c>).</summary>
internal sealed record PeerCall(JsonElement Request, int ExitCode, string Stdout, IReadOnlyList<string> Stderr, IReadOnlyList<string> Trace)
{
    /// <summary>The size the array gave the volume: the request's <c>newSizeBytes</c> (the scripts build the request with it).</summary>
    public long ArrayBytes => Request.GetProperty("newSizeBytes").GetInt64();

    /// <summary>The volume's fixture name (<c>vol-NAME</c> in the request): the prefix of its roles in a turn of several volumes.</summary>
    public string Volume => Request.GetProperty("volumeId").GetString()!["vol-".Length..];
}
