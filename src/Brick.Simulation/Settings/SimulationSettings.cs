using Brick.Simulation.Multipathd;
using Brick.Simulation.Scripting;

namespace Brick.Simulation.Settings;

/// <summary>
/// The simulated host of <c>run --simulate</c> (key <c>Brick:Simulation</c>): the volumes it has at start and the rules
/// that make it misbehave. Bound and checked by <see cref="SimulationSettingsValidator"/> where the simulated host is
/// built from it (<c>AddSimulatedHostFromSettings</c>). docs/simulated-host.md describes each key.
/// </summary>
internal sealed class SimulationSettings
{
    /// <summary>The configuration section, under the worker's <c>Brick</c>.</summary>
    public const string Section = "Brick:Simulation";

    /// <summary>The volumes laid out at start (<c>Volumes:0:Type</c>, …); none: the default two (an iSCSI volume and <c>/dev/loop0</c>).</summary>
    public IReadOnlyList<SimulatedVolumeSettings> Volumes { get; set; } = [];

    /// <summary>The rules, first match wins (<c>Rules:0:Volume</c>, …).</summary>
    public IReadOnlyList<SimulationRuleSettings> Rules { get; set; } = [];

    /// <summary>The script of these settings: their volumes (none: the default two) and their rules in order.</summary>
    public SimulationScript Script() => new(
        Volumes.Count == 0 ? null : [.. Volumes.Select(v => new SimulatedVolumeSpec(v.Type, v.SizeBytes, v.Paths, v.Multipath, v.Wwid, v.Luks))],
        [.. Rules.Select(r => new SimulationRule(r.Volume, r.Request, r.Fail,
            r.Multipathd == "timeout" ? MultipathdReply.Timeout : MultipathdReply.Fail, r.Times, TimeSpan.FromSeconds(r.DelaySeconds)))]);
}
