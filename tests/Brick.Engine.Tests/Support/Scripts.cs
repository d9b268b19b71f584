using Brick.Simulation.Hosts;

namespace Brick.Engine.Tests.Support;

/// <summary>
/// Writes small executable bash scripts for the command runner's tests. Stand-ins for host programs are the simulated
/// host's own (<see cref="Brick.Simulation.Hosts.SimulatedHost.Programs"/>).
/// </summary>
internal static class Scripts
{
    public static string Write(DirectoryInfo dir, string name, string body)
    {
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, "#!/bin/bash\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
