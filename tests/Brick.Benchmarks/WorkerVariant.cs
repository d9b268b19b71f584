namespace Brick.Benchmarks;

/// <summary>
/// One way of running <c>brick-worker</c> for the process-cost figures: a build (the benchmark's own output, run with
/// <c>dotnet brick-worker.dll</c>, or a published folder: self-contained when it holds <c>brick-worker</c> beside no
/// <c>brick-worker.dll</c>, the form the Debian package and the image ship) and environment variables
/// (<c>DOTNET_…</c> runtime settings). Written <c>NAME[@DIR][:KEY=VALUE[,KEY=VALUE…]]</c> on the command line
/// (<c>--variant</c>, repeatable), e.g. <c>published@/tmp/pub</c>, <c>pgo-off@/tmp/pub:DOTNET_TieredPGO=0</c>.
/// </summary>
public sealed record WorkerVariant(string Name, string? Directory, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The benchmark's own build, as the memory part ran it before variants existed.</summary>
    public static WorkerVariant Default { get; } = new("build", null, new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>Parses <c>NAME[@DIR][:KEY=VALUE,…]</c>.</summary>
    public static WorkerVariant Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var head = colon < 0 ? text : text[..colon];
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (colon >= 0)
        {
            foreach (var pair in text[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                    throw new FormatException($"--variant {text}: '{pair}' is not KEY=VALUE");
                environment[pair[..equals]] = pair[(equals + 1)..];
            }
        }

        var at = head.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? head : head[..at];
        var directory = at < 0 ? null : head[(at + 1)..];
        if (name.Length == 0)
            throw new FormatException($"--variant {text}: no name");
        if (directory is not null && !System.IO.Directory.Exists(directory))
            throw new FormatException($"--variant {text}: {directory} does not exist");
        return new WorkerVariant(name, directory, environment);
    }

    /// <summary>The program and the arguments that start <c>brick-worker</c> in this variant, before its own arguments.</summary>
    public (string Program, string[] Prefix) Command()
    {
        var directory = Directory ?? AppContext.BaseDirectory;
        var dll = Path.Combine(directory, "brick-worker.dll");
        return File.Exists(dll) ? ("dotnet", [dll]) : (Path.Combine(directory, "brick-worker"), []);
    }

    /// <summary>How the variant reads in a table.</summary>
    public string Describe() =>
        (Directory is null ? "dotnet brick-worker.dll (benchmark build)" : Command().Program == "dotnet" ? $"dotnet {Directory}" : $"{Directory}/brick-worker")
        + (Environment.Count == 0 ? "" : " " + string.Join(' ', Environment.Select(e => $"{e.Key}={e.Value}")));
}
