using System.Globalization;

namespace Brick.Service.Messaging;

/// <summary>
/// How many times the work on each message was cut short by the death of the worker process doing it, kept on disk so
/// that the count outlives the process: a worker killed by the message it works on (SIGKILL, the OOM killer, a crash) is
/// started again by its service manager with an empty memory. One file per message in <paramref name="directory"/>
/// (<c>LockDirectory/deliveries</c>, mode 0700), named by the SHA-256 of its body (no name from a message reaches the
/// path), holding that count and the process now working on the message (<paramref name="owner"/>: its id and start
/// time), and, where an attempt published the message's failure and its move to the error queue was refused since,
/// the reason it was published with; removed when the message ends (an outcome, or the error queue, confirmed). A
/// delivery counts as a crash only when the record names another process that no longer runs: a redelivery after a
/// lost connection or a broker failover, in a worker that still runs, counts nothing.
/// </summary>
/// <param name="directory">The records' directory.</param>
/// <param name="owner">This process's token (<see cref="WorkerProcessToken.Current"/>).</param>
/// <param name="isAlive">Whether the process a token names still runs (<see cref="WorkerProcessToken.IsAlive"/>).</param>
internal sealed class DeliveryRecords(string directory, string owner, Func<string, bool> isAlive)
{
    private const string AnsweredPrefix = "answered ";

    /// <summary>The records of this process in <paramref name="directory"/>.</summary>
    public DeliveryRecords(string directory)
        : this(directory, WorkerProcessToken.Current, WorkerProcessToken.IsAlive)
    {
    }

    /// <summary>The directory of the records.</summary>
    public string Directory { get; } = directory;

    /// <summary>
    /// This process starts working on the message whose body hashes to <paramref name="key"/>: returns how many
    /// earlier attempts died with their process (one more when the record names another process that is gone) and the
    /// reason of a failure an earlier attempt published, or null when the record cannot be kept. A delivery that is not
    /// <paramref name="redelivered"/> (the message published anew: a replay) has had no answer yet.
    /// </summary>
    public DeliveryRecord? Started(string key, bool redelivered = true)
    {
        var file = Path.Combine(Directory, key);
        try
        {
            System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var (crashes, previous, answered) = File.Exists(file) ? Parse(File.ReadAllText(file)) : (0, null, null);
            if (previous is not null && previous != owner && !isAlive(previous) && crashes < int.MaxValue)
                crashes++;
            var record = new DeliveryRecord(crashes, redelivered ? answered : null);
            Write(file, record, owner);
            return record;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// This process's attempt at the message whose body hashes to <paramref name="key"/> ended without a move the broker
    /// took (its move to the error queue was refused): it counts as an attempt cut short, as a death would. Where the
    /// attempt published the message's failure (<paramref name="answered"/>, its reason), that is kept: the next
    /// delivery only moves it.
    /// </summary>
    public void Unfinished(string key, string? answered = null)
    {
        var file = Path.Combine(Directory, key);
        try
        {
            var (crashes, _, before) = File.Exists(file) ? Parse(File.ReadAllText(file)) : (0, null, null);
            Write(file, new DeliveryRecord(crashes == int.MaxValue ? crashes : crashes + 1, answered ?? before), owner: null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Counted by nothing more: the record could not be kept.
        }
    }

    /// <summary>Forgets the message whose body hashes to <paramref name="key"/>: it has ended.</summary>
    public void Forget(string key)
    {
        try
        {
            File.Delete(Path.Combine(Directory, key));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next delivery of the same body, or the reboot that empties /run.
        }
    }

    /// <summary>
    /// "CRASHES OWNER", then "answered REASON" on a line of its own where a failure was published. A record of an earlier
    /// version holds a number only, or no answer line (no owner: nothing more to count; no answer: the work runs).
    /// </summary>
    private static (int Crashes, string? Owner, string? Answered) Parse(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var parts = lines.Length > 0 ? lines[0].Split(' ', 2, StringSplitOptions.TrimEntries) : [""];
        var crashes = int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
        var answered = lines.Skip(1).FirstOrDefault(l => l.StartsWith(AnsweredPrefix, StringComparison.Ordinal))?[AnsweredPrefix.Length..];
        return (crashes, parts.Length == 2 && parts[1].Length > 0 ? parts[1] : null, string.IsNullOrEmpty(answered) ? null : answered);
    }

    private static void Write(string file, DeliveryRecord record, string? owner)
    {
        var first = owner is null ? record.Crashes.ToString(CultureInfo.InvariantCulture) : $"{record.Crashes.ToString(CultureInfo.InvariantCulture)} {owner}";
        // The reason is one of the contract's reason names; nothing else may reach the file's second line.
        var answered = record.Answered is { } reason && reason.All(char.IsAsciiLetterOrDigit) ? $"\n{AnsweredPrefix}{reason}" : "";
        File.WriteAllText(file, first + answered);
    }
}
