using Brick.Service.Tests.Messaging;

namespace Brick.Service.Tests.Composition;

/// <summary>The lock directory the worker shares with <c>extend</c> and keeps its delivery counts in is its user's alone, whatever it found at start.</summary>
public sealed class LockDirectoryModeTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("brick-locks-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task An_existing_lock_directory_open_to_others_is_made_0700_at_start_with_its_deliveries_folder()
    {
        var locks = Directory.CreateDirectory(Path.Combine(_dir.FullName, "run-brick-worker")).FullName;
        var deliveries = Directory.CreateDirectory(Path.Combine(locks, "deliveries")).FullName;
        File.SetUnixFileMode(locks, Private | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(deliveries, Private | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute | UnixFileMode.OtherRead);

        await using var worker = await InMemoryWorker.StartAsync(new Dictionary<string, string?> { ["Brick:LockDirectory"] = locks });

        Assert.Equal(Private, File.GetUnixFileMode(locks));
        Assert.Equal(Private, File.GetUnixFileMode(deliveries));
    }

    [Fact]
    public async Task A_missing_lock_directory_is_made_0700_at_start()
    {
        var locks = Path.Combine(_dir.FullName, "not-yet", "brick-worker");

        await using var worker = await InMemoryWorker.StartAsync(new Dictionary<string, string?> { ["Brick:LockDirectory"] = locks });

        Assert.Equal(Private, File.GetUnixFileMode(locks));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(locks, "deliveries")));
    }
}
