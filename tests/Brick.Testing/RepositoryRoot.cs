namespace Brick.Testing;

/// <summary>
/// The checkout the tests run from: the directory above the test's build that holds <c>Brick.Worker.sln</c>. The one
/// walk up to it; tests find files of the repository from here (<see cref="Of(string[])"/>).
/// </summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Found = new(() => Above(AppContext.BaseDirectory)
        ?? throw new DirectoryNotFoundException($"No Brick.Worker.sln above {AppContext.BaseDirectory}: the tests run from a build inside the repository."));

    /// <summary>The repository's root directory.</summary>
    public static string Path => Found.Value;

    /// <summary>A path inside the repository, from its root (<c>tests/vm/build-vm.sh</c>).</summary>
    public static string Of(string relative) => System.IO.Path.Combine(Path, relative);

    /// <summary>A path inside the repository, from its parts (<c>"deploy", "systemd"</c>).</summary>
    public static string Of(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>The checkout <paramref name="directory"/> is in (the nearest folder upwards holding <c>Brick.Worker.sln</c>), or null outside one.</summary>
    public static string? Above(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Brick.Worker.sln")))
                return dir.FullName;
        }

        return null;
    }
}
