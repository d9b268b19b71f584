using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Brick.Simulation.Files;

/// <summary>
/// Linux inotify on single files: which watched file was written and closed (<c>IN_CLOSE_WRITE</c>) or went away
/// (<c>IN_IGNORED</c>), read by a thread of its own, so that the simulated kernel reacts to a write at once instead of
/// polling every file. Null from <see cref="TryCreate"/> where inotify is not to be had.
/// </summary>
internal sealed partial class InotifyWatch : IDisposable
{
    private const uint InCloseWrite = 0x00000008;
    private const uint InIgnored = 0x00008000;
    private const int InCloexec = 0x80000;

    private readonly int _fd;
    private readonly string _wakeFile;
    private readonly Thread _reader;
    private readonly SemaphoreSlim _signal = new(0);
    private volatile bool _stopping;

    private InotifyWatch(int fd, string wakeFile)
    {
        _fd = fd;
        _wakeFile = wakeFile;
        File.WriteAllText(_wakeFile, "");
        Add(_wakeFile);
        _reader = new Thread(Read) { IsBackground = true, Name = "simulated-kernel-inotify" };
        _reader.Start();
    }

    /// <summary>Watch descriptors of files written (or gone), in order.</summary>
    public ConcurrentQueue<(int Watch, bool Gone)> Events { get; } = new();

    /// <summary>Released once per batch of events read.</summary>
    public SemaphoreSlim Signal => _signal;

    /// <summary>A watch whose thread is woken through <paramref name="wakeFile"/>, or null without inotify.</summary>
    public static InotifyWatch? TryCreate(string wakeFile)
    {
        var fd = OperatingSystem.IsLinux() ? InotifyInit1(InCloexec) : -1;
        return fd < 0 ? null : new InotifyWatch(fd, wakeFile);
    }

    /// <summary>Watches <paramref name="file"/> for writes; the watch descriptor, or -1 when it cannot be watched.</summary>
    public int Add(string file) => InotifyAddWatch(_fd, file, InCloseWrite);

    public void Dispose()
    {
        _stopping = true;
        try
        {
            File.WriteAllText(_wakeFile, "stop");
        }
        catch (IOException)
        {
            // The tree is gone; the thread ends when the descriptor is closed below (or with the process).
        }

        _reader.Join(TimeSpan.FromSeconds(2));
        _ = Close(_fd);
        _signal.Dispose();
    }

    private void Read()
    {
        var buffer = new byte[64 * 1024];
        while (!_stopping)
        {
            var read = (int)ReadFd(_fd, buffer, buffer.Length);
            if (read <= 0)
            {
                if (Marshal.GetLastPInvokeError() == 4) // EINTR
                    continue;
                return;
            }

            for (var offset = 0; offset + 16 <= read;)
            {
                var watch = BitConverter.ToInt32(buffer, offset);
                var mask = BitConverter.ToUInt32(buffer, offset + 4);
                var length = BitConverter.ToInt32(buffer, offset + 12);
                Events.Enqueue((watch, (mask & InIgnored) != 0));
                offset += 16 + length;
            }

            try
            {
                _signal.Release();
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    private static partial int InotifyInit1(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int InotifyAddWatch(int fd, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadFd(int fd, [Out] byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
