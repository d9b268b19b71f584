using System.Globalization;

namespace Brick.Benchmarks;

/// <summary>
/// A process's memory from <c>/proc/PID/smaps_rollup</c> (MiB): resident, proportional (each shared page divided by
/// the processes mapping it), private (its own pages), anonymous (heap, stacks, JIT code: never shared), and the
/// shared file-backed pages (assemblies, the bundle, native libraries) that the next process mapping the same files shares.
/// </summary>
public sealed record ProcessRollup(double RssMiB, double PssMiB, double PrivateMiB, double AnonymousMiB, double SharedFileMiB)
{
    /// <summary>Reads <c>/proc/PID/smaps_rollup</c>.</summary>
    public static ProcessRollup Read(int pid)
    {
        var kb = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 2 && f[0].EndsWith(':') && long.TryParse(f[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                kb[f[0][..^1]] = value;
        }

        double MiB(params string[] keys) => keys.Sum(k => kb.GetValueOrDefault(k)) / 1024.0;
        return new ProcessRollup(MiB("Rss"), MiB("Pss"), MiB("Private_Clean", "Private_Dirty"), MiB("Anonymous"), MiB("Shared_Clean", "Shared_Dirty"));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"RSS {RssMiB:0.0}, PSS {PssMiB:0.0}, private {PrivateMiB:0.0} (anonymous {AnonymousMiB:0.0}), shared file-backed {SharedFileMiB:0.0} MiB");
}
