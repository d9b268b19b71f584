using System.Runtime.CompilerServices;
using Brick.Engine.Programs;
using Brick.Simulation.Hosts;

namespace Brick.Simulation.StandIns;

/// <summary>A simulated host's stand-in executables, made on first use and stopped with the host.</summary>
public static class StandInHost
{
    private static readonly ConditionalWeakTable<SimulatedHost, StandInPrograms> StandIns = new();

    extension(SimulatedHost host)
    {
        /// <summary>
        /// Executables in the host's tree standing for <c>multipathd</c>, <c>cryptsetup</c> and <c>losetup</c>, for code
        /// that starts real processes (the production command runner, the CLI, the service as a process).
        /// </summary>
        public ProgramPaths Programs => StandIns.GetValue(host, Create).Paths;
    }

    private static StandInPrograms Create(SimulatedHost host)
    {
        var standIns = new StandInPrograms(host, host.Tree);
        host.DisposeWith(standIns);
        return standIns;
    }
}
