using Brick.Engine.Programs;

namespace Brick.Tools.Diagnosis;

/// <summary>Whether each host program is there, and which version it says it is (<c>multipathd -V</c>, <c>cryptsetup --version</c>, <c>losetup --version</c>).</summary>
internal sealed class ProgramVersions(ICommandRunner runner, ProgramPaths programs)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>One row per program; one that is missing or not executable fails.</summary>
    public async Task<IReadOnlyList<DiagnosisRow>> CheckAsync(CancellationToken cancellationToken) =>
    [
        await CheckAsync("multipathd", new CommandSpec(programs.Multipathd, ["-V"], Timeout), cancellationToken),
        await CheckAsync("cryptsetup", new CommandSpec(programs.Cryptsetup, ["--version"], Timeout), cancellationToken),
        await CheckAsync("losetup", new CommandSpec(programs.Losetup, ["--version"], Timeout), cancellationToken),
    ];

    // Each command is made from ProgramPaths where it is listed above, so that docs/security.md's test sees its program.
    private async Task<DiagnosisRow> CheckAsync(string name, CommandSpec versionCommand, CancellationToken cancellationToken)
    {
        var path = versionCommand.Program;
        var versionArgument = versionCommand.Arguments[0];
        var check = $"program {name}";
        if (!File.Exists(path))
            return new DiagnosisRow(check, DiagnosisStatus.Fail, $"{path} not found: install it, or set Brick:{Setting(name)} to where it is");
        if ((File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
            return new DiagnosisRow(check, DiagnosisStatus.Fail, $"{path} is not executable");

        var result = await runner.RunAsync(versionCommand, cancellationToken);
        var version = (result.StandardOutput + "\n" + result.StandardError)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return result.Succeeded && version is not null
            ? new DiagnosisRow(check, DiagnosisStatus.Ok, $"{path}: {version}")
            : new DiagnosisRow(check, DiagnosisStatus.Ok, $"{path} (version unknown: {name} {versionArgument} {result.Describe()})");
    }

    private static string Setting(string name) => char.ToUpperInvariant(name[0]) + name[1..];
}
