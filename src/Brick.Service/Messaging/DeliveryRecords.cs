using System.Globalization;

namespace Brick.Service.Messaging;

/// <summary>
/// How many times each message was delivered again, kept on disk so that the count outlives the process: a classic
/// queue counts nothing, and a worker killed by the message it works on (SIGKILL, the OOM killer, a crash) is started
/// again by its service manager with an empty memory. One file per message in <paramref name="directory"/>
/// (<c>LockDirectory/deliveries</c>, mode 0700), named by the SHA-256 of its body (no name from a message reaches
/// the path), holding the number of redeliveries seen; removed when the message ends (an outcome, or the error queue).
/// Only redelivered messages make a file. When the directory cannot be used, the count is the process's own.
/// </summary>
internal sealed class DeliveryRecords(string directory)
{
    /// <summary>The directory of the records.</summary>
    public string Directory { get; } = directory;

    /// <summary>Counts one more redelivery of the message whose body hashes to <paramref name="key"/>; how many have been seen, or 0 when the record cannot be kept.</summary>
    public int Redelivered(string key)
    {
        var file = Path.Combine(Directory, key);
        try
        {
            System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var seen = File.Exists(file) && int.TryParse(File.ReadAllText(file), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
            seen = seen == int.MaxValue ? seen : seen + 1;
            File.WriteAllText(file, seen.ToString(CultureInfo.InvariantCulture));
            return seen;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
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
            // Left for the next fresh delivery of the same body, or the reboot that empties /run.
        }
    }
}
