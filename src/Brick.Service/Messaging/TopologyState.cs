namespace Brick.Service.Messaging;

/// <summary>What <see cref="TopologyDeclarer.EnsureAsync"/> found.</summary>
/// <param name="DeclaredShared">This user declared the shared entities (false: it may not, and found them there).</param>
/// <param name="Bound">This user bound the host's exchange (false: it may not; the operator's binding counts).</param>
internal sealed record TopologyState(bool DeclaredShared, bool Bound);
