namespace Brick.Service.Messaging;

/// <summary>What <see cref="TopologyDeclarer.EnsureAsync"/> found.</summary>
/// <param name="DeclaredShared">This user declared the shared entities (false: it may not, and found them there).</param>
/// <param name="Bound">This user bound the host's exchange (false: it may not; the operator's binding counts).</param>
/// <param name="DeadLetterBound">
/// This user bound the host's error queue to the shared dead-letter exchange (false: the broker refused, because this
/// user may not read that exchange, so the operator's binding counts, or because the exchange is not there).
/// </param>
/// <param name="DeadLetterRefusal">The broker's reply text where it refused the dead-letter binding.</param>
/// <param name="ErrorQueueRefusal">
/// The broker's reply text where it refused the error queue itself (its declaration or its binding from its own
/// exchange); the dead-letter binding was then not tried.
/// </param>
internal sealed record TopologyState(
    bool DeclaredShared, bool Bound, bool DeadLetterBound = true, string? DeadLetterRefusal = null, string? ErrorQueueRefusal = null);
