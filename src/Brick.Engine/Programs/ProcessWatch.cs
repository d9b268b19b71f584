using System.Globalization;

namespace Brick.Engine.Programs;

/// <summary>Waits for a process that outlived its kill to be gone, by its <c>/proc</c> entry (start time compared, so a reused id is not it).</summary>
public static class ProcessWatch
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>A task that ends when process <paramref name="pid"/> has exited (or is a zombie: dead, not yet reaped).</summary>
    public static Task UntilGoneAsync(int pid)
    {
        var started = StartTime(pid);
        if (started is null)
            return Task.CompletedTask;
        return Task.Run(async () =>
        {
            while (StartTime(pid) == started)
                await Task.Delay(Poll);
        });
    }

    /// <summary>The start time of a live process (field 22 of <c>/proc/PID/stat</c>), or null where it is gone or a zombie.</summary>
    public static string? StartTime(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "PID (COMM) STATE PPID …": COMM may hold spaces and parentheses, so the fields start after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 19 && fields[0] is not ("Z" or "X") ? fields[19] : null;
    }
}
