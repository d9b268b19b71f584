using System.CommandLine;
using Brick.Engine.Core;
using Brick.Engine.Programs;
using Brick.Engine.Kernel;
using Brick.Engine.Requests;

namespace Brick.Worker.Cli;

/// <summary>The options every command that works on a host shares: which host, where its /sys and /dev are, which programs to run.</summary>
internal sealed class HostOptions
{
    public Option<string> Host { get; } = new("--host")
    {
        Description = "This host's name: requests for another host are Misrouted. Default: the machine's name.",
        DefaultValueFactory = _ => Environment.MachineName,
    };

    public Option<string> SysRoot { get; } = new("--sys-root") { Description = "The directory that stands for /sys.", DefaultValueFactory = _ => "/sys" };

    public Option<string> DevRoot { get; } = new("--dev-root") { Description = "The directory that stands for /dev.", DefaultValueFactory = _ => "/dev" };

    public Option<string> Multipathd { get; } = new("--multipathd") { Description = "The multipathd program.", DefaultValueFactory = _ => new ProgramPaths().Multipathd };

    public Option<string> Cryptsetup { get; } = new("--cryptsetup") { Description = "The cryptsetup program.", DefaultValueFactory = _ => new ProgramPaths().Cryptsetup };

    public Option<string> Losetup { get; } = new("--losetup") { Description = "The losetup program.", DefaultValueFactory = _ => new ProgramPaths().Losetup };

    public Option<string?> CryptKeyDir { get; } = new("--crypt-key-dir") { Description = "A directory of key files NAME.key for dm-crypt mappings." };

    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "The limit on one whole operation, in seconds.",
        DefaultValueFactory = _ => new EngineOptions().OperationTimeout.TotalSeconds,
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Host, SysRoot, DevRoot, Multipathd, Cryptsetup, Losetup, CryptKeyDir, Timeout })
            command.Options.Add(option);
    }

    /// <summary>Reads the settings, or returns the problems, one sentence each.</summary>
    public (HostSettings? Settings, IReadOnlyList<string> Problems) Read(ParseResult result)
    {
        var problems = new List<string>();
        var host = result.GetValue(Host)!;
        if (!RequestValidator.IsValidHostName(host))
            problems.Add($"--host '{host}' is not a valid host name.");
        var sysRoot = result.GetValue(SysRoot)!;
        var devRoot = result.GetValue(DevRoot)!;
        foreach (var (name, dir) in new[] { ("--sys-root", sysRoot), ("--dev-root", devRoot) })
        {
            if (!Directory.Exists(dir))
                problems.Add($"{name} {dir} is not a directory.");
        }

        var seconds = result.GetValue(Timeout);
        if (!(seconds > 0 && seconds <= 86_400))
            problems.Add("--timeout must be more than 0 and at most 86400 seconds.");
        var keyDir = result.GetValue(CryptKeyDir);
        if (keyDir is not null && !Directory.Exists(keyDir))
            problems.Add($"--crypt-key-dir {keyDir} is not a directory.");

        if (problems.Count > 0)
            return (null, problems);

        var engine = new EngineOptions { OperationTimeout = TimeSpan.FromSeconds(seconds), CryptKeyDirectory = keyDir };
        return (new HostSettings(
            host,
            new KernelRoots(sysRoot, devRoot),
            new ProgramPaths(result.GetValue(Multipathd)!, result.GetValue(Cryptsetup)!, result.GetValue(Losetup)!),
            engine), problems);
    }
}

/// <summary>Validated host settings.</summary>
internal sealed record HostSettings(string Host, KernelRoots Roots, ProgramPaths Commands, EngineOptions Engine);
