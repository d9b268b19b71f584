using Brick.Contracts;
using Brick.Engine.Core;

namespace Brick.Engine.Discovery;

/// <summary>
/// What made the devices the volume's at discovery (each path's WWID and state, the map's and crypt mapping's
/// <c>dm/uuid</c>, NVMe identities and controller states, a loop device's backing file), read again before every
/// later write: a device that changed since is not written to. A changed identity is <c>WwidMismatch</c>, a path no
/// longer running (or live) <c>DeviceNotFound</c>.
/// </summary>
internal sealed class IdentityFacts
{
    private readonly List<Fact> _facts = [];

    /// <summary>Records a fact as it reads now.</summary>
    public IdentityFacts Add(string label, Func<string?> read, ResizeFailureReason reason = ResizeFailureReason.WwidMismatch)
    {
        _facts.Add(new Fact(label, read, read(), reason));
        return this;
    }

    /// <summary>How many facts are checked.</summary>
    public int Count => _facts.Count;

    /// <summary>Reads every fact again; throws for the first that changed, saying that <paramref name="write"/> was not done.</summary>
    public void Require(string write)
    {
        foreach (var fact in _facts)
        {
            var now = fact.Read();
            if (!string.Equals(now, fact.Seen, StringComparison.Ordinal))
            {
                throw new ExtendFailedException(fact.Reason,
                    $"{fact.Label} is {Shown(now)} now, {Shown(fact.Seen)} at discovery: {write} was not run.");
            }
        }
    }

    private static string Shown(string? value) => value is null ? "gone" : $"'{(value.Length > 80 ? value[..80] + "…" : value)}'";

    private sealed record Fact(string Label, Func<string?> Read, string? Seen, ResizeFailureReason Reason);
}
