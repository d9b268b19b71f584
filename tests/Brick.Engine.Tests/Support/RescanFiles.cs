using Brick.Simulation.Hosts;

namespace Brick.Engine.Tests.Support;

/// <summary>
/// The simulated host's rescan files (<c>device/rescan</c>, <c>rescan_controller</c>) and when each was last written:
/// a write by the worker changes its time whether or not the simulated kernel has taken it yet, so "nothing written"
/// can be asserted without racing the kernel's thread (its count, <see cref="SimulatedHost.RescansWritten"/>, lags).
/// </summary>
internal static class RescanFiles
{
    /// <summary>Waits until the kernel has taken every write so far (each file empty again), then says when each file was last written.</summary>
    public static async Task<IReadOnlyDictionary<string, DateTime>> SettledAsync(SimulatedHost host)
    {
        var files = Find(host);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (files.Any(f => new FileInfo(f).Length > 0) && DateTime.UtcNow < deadline)
            await Task.Delay(10, TestContext.Current.CancellationToken);
        return Times(files);
    }

    /// <summary>When each rescan file was last written, now.</summary>
    public static IReadOnlyDictionary<string, DateTime> Now(SimulatedHost host) => Times(Find(host));

    private static List<string> Find(SimulatedHost host)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        var files = Directory.EnumerateFiles(Path.Combine(host.Directory, "sys"), "*", options)
            .Where(f => Path.GetFileName(f) is "rescan" or "rescan_controller")
            .ToList();
        return files.Count > 0 ? files : throw new InvalidOperationException("The simulated host has no rescan file.");
    }

    private static Dictionary<string, DateTime> Times(List<string> files) =>
        files.ToDictionary(f => f, File.GetLastWriteTimeUtc, StringComparer.Ordinal);
}
