using Brick.Contracts;
using Brick.Engine.Core;

namespace Brick.Engine.Operations;

/// <summary>
/// Locks shared by every <c>brick-worker</c> process on the host (<c>run</c> and <c>extend</c>): one file per volume or
/// device in a directory (<c>/run/brick-worker</c> on a real host), held with <c>flock(2)</c> exclusively for as long as
/// the operation runs. .NET takes that lock when a file is opened with <see cref="FileShare.None"/>
/// (<c>LOCK_EX|LOCK_NB</c>); a holder elsewhere makes the open fail, and the wait polls with back-off until the
/// operation's own limit. The files are never removed (removing a flocked file would let two processes lock two files
/// of one name). Any program can take part: <c>flock /run/brick-worker/device-dm-0.lock …</c>.
/// </summary>
internal sealed class HostLockFiles(string directory, TimeProvider clock)
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(100);

    /// <summary>The directory of the lock files.</summary>
    public string Directory { get; } = directory;

    /// <summary>Takes the lock file <paramref name="name"/> (a <see cref="VolumeKey.LockName"/> or <c>device-NAME</c>); dispose to release it.</summary>
    public async Task<IDisposable> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        if (FileLockingDisabled())
        {
            throw new ExtendFailedException(ResizeFailureReason.CommandFailed,
                "File locking is disabled in this process (DOTNET_SYSTEM_IO_DISABLEFILELOCKING): the host lock cannot be held.");
        }

        var file = Path.Combine(Directory, name + ".lock");
        var pause = FirstPause;
        while (true)
        {
            try
            {
                System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                return new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
            }
            catch (IOException e) when (HeldElsewhere(e))
            {
                await Task.Delay(pause, clock, cancellationToken);
                pause = Backoff.Next(pause, LongestPause);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ExtendFailedException(ResizeFailureReason.CommandFailed, $"Could not open the host lock file {file}: {e.Message}");
            }
        }
    }

    /// <summary>EWOULDBLOCK from <c>flock</c>: another open file (this process's or another's) holds the lock.</summary>
    private static bool HeldElsewhere(IOException e) => e.HResult is 11 or unchecked((int)0x80070020);

    private static bool FileLockingDisabled() =>
        (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out var disabled) && disabled)
        || Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is "1" or "true" or "TRUE" or "True";
}
