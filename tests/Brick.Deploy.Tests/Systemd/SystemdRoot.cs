using Brick.Deploy.Tests.Support;

namespace Brick.Deploy.Tests.Systemd;

/// <summary>
/// A folder laid out as a root file system for <c>systemd-analyze verify --root</c>: this machine's own unit files (so
/// that the targets a unit depends on exist) and what the test puts in it. Deleted on dispose.
/// </summary>
internal sealed class SystemdRoot : IDisposable
{
    private const string UnitFolder = "usr/lib/systemd/system";

    public SystemdRoot()
    {
        Path = Directory.CreateTempSubdirectory("brick-systemd-root.").FullName;
        var units = System.IO.Path.Combine(Path, UnitFolder);
        Directory.CreateDirectory(units);
        foreach (var source in new[] { "/usr/lib/systemd/system", "/lib/systemd/system" }.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(source))
                File.Copy(file, System.IO.Path.Combine(units, System.IO.Path.GetFileName(file)), overwrite: true);
        }
    }

    public string Path { get; }

    /// <summary>The path of a unit file inside this root.</summary>
    public string Unit(string name) => System.IO.Path.Combine(Path, UnitFolder, name);

    /// <summary>Writes an executable stand-in at <paramref name="path"/> (absolute, inside the root).</summary>
    public void AddProgram(string path)
    {
        var file = System.IO.Path.Combine(Path, path.TrimStart('/'));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary><c>systemd-analyze verify --root</c> on a unit of this root.</summary>
    public Task<ProgramResult> VerifyAsync(string unitName) =>
        Programs.RunAsync("systemd-analyze", ["verify", $"--root={Path}", Unit(unitName)], TimeSpan.FromMinutes(1));

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
