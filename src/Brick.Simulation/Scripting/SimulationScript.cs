namespace Brick.Simulation.Scripting;

/// <summary>
/// What a simulated host holds at start and how it misbehaves: the volumes laid out before any request (none given: a
/// two-path multipath iSCSI volume and a loop volume), and the rules that make it answer as a real host does when
/// things go wrong. Any request whose devices the host does not have gets them laid out on the spot.
/// </summary>
/// <param name="Volumes">The volumes to lay out at start; null: the default two.</param>
/// <param name="Rules">The rules, first match wins.</param>
internal sealed record SimulationScript(IReadOnlyList<SimulatedVolumeSpec>? Volumes = null, IReadOnlyList<SimulationRule>? Rules = null)
{
    /// <summary>The default host: the iSCSI volume of the wire contract's example and a loop volume, no rules.</summary>
    public static SimulationScript Default { get; } = new();

    /// <summary>The volumes laid out at start.</summary>
    public IReadOnlyList<SimulatedVolumeSpec> VolumesAtStart => Volumes ?? SimulatedVolumeSpec.Defaults;

    /// <summary>The rules, in order.</summary>
    public IReadOnlyList<SimulationRule> RulesInOrder => Rules ?? [];
}
