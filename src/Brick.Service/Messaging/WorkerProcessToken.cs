using System.Globalization;
using Brick.Engine.Programs;

namespace Brick.Service.Messaging;

/// <summary>
/// Names a process for the delivery records: its id and its start time (field 22 of <c>/proc/PID/stat</c>), so that a
/// process id the kernel gave again to another process is not taken for the one that wrote a record.
/// </summary>
internal static class WorkerProcessToken
{
    private static readonly Lazy<string> Own = new(() => Of(Environment.ProcessId) ?? $"{Environment.ProcessId}-?");

    /// <summary>This process's token.</summary>
    public static string Current => Own.Value;

    /// <summary>Whether the process <paramref name="token"/> names still runs (not gone, not a zombie).</summary>
    public static bool IsAlive(string token)
    {
        var dash = token.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && int.TryParse(token.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && Of(pid) == token;
    }

    /// <summary>The token of live process <paramref name="pid"/>, or null where it is gone or a zombie.</summary>
    private static string? Of(int pid) =>
        ProcessWatch.StartTime(pid) is { } started ? $"{pid.ToString(CultureInfo.InvariantCulture)}-{started}" : null;
}
