using Brick.Engine.Core;
using Brick.Engine.Kernel;
using Brick.Engine.Operations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Brick.Service.Composition;

/// <summary>
/// At start, before the bus: the lock directory (<c>LockDirectory</c>, <c>/run/brick-worker</c> by default) and its
/// <c>deliveries</c> folder are the worker's user's alone, mode 0700, whether they were made now or were there already
/// (left by an older version, made by hand, or a host folder mounted into a container): anyone else who could write
/// there could take a volume's lock away from the worker, or reset the delivery counts that stop a poison message. A
/// mode that was wider is narrowed and said in a warning; a folder whose mode cannot be set stops the start, naming it.
/// </summary>
internal sealed partial class LockDirectoryMode(EngineOptions options, KernelRoots roots, ILogger<LockDirectoryMode> logger) : IHostedService
{
    /// <summary>The only mode the folders may have.</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var directory = LockDirectories.For(options, roots);
        foreach (var folder in new[] { directory, Path.Combine(directory, "deliveries") })
            Enforce(folder);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Enforce(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder, Mode);
            var mode = File.GetUnixFileMode(folder);
            if ((mode & ~Mode) == 0 && (mode & Mode) == Mode)
                return;
            File.SetUnixFileMode(folder, Mode);
            LogNarrowed(folder, Octal(mode));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"The lock directory {folder} cannot be made the worker's alone (mode 0700): {e.Message}", e);
        }
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0xFFF, 8).PadLeft(3, '0');

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lock directory {Folder} had mode {Mode}; it is now 0700 (the worker's user alone)")]
    private partial void LogNarrowed(string folder, string mode);
}
