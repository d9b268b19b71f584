using Brick.Service.Settings;
using Brick.Simulation.Multipathd;
using Brick.Simulation.Scripting;

namespace Brick.Worker.Cli;

/// <summary>The simulated host of <c>run --simulate</c> from the checked settings (<c>Brick:Simulation</c>).</summary>
internal static class SimulationScripts
{
    /// <summary>The script of <paramref name="settings"/>: its volumes (none: the default two) and its rules in order.</summary>
    public static SimulationScript From(SimulationSettings? settings) => settings is null
        ? SimulationScript.Default
        : new SimulationScript(
            settings.Volumes.Count == 0 ? null : [.. settings.Volumes.Select(v => new SimulatedVolumeSpec(v.Type, v.SizeBytes, v.Paths, v.Multipath, v.Wwid, v.Luks))],
            [.. settings.Rules.Select(r => new SimulationRule(r.Volume, r.Request, r.Fail,
                r.Multipathd == "timeout" ? MultipathdReply.Timeout : MultipathdReply.Fail, r.Times, TimeSpan.FromSeconds(r.DelaySeconds)))]);
}
