namespace Brick.Testing;

/// <summary>The checkout the tests run from: the directory above the test's build that holds <c>Brick.Worker.sln</c>.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Found = new(Find);

    /// <summary>The repository's root directory.</summary>
    public static string Path => Found.Value;

    /// <summary>A path inside the repository, from its root (<c>tests/vm/build-vm.sh</c>).</summary>
    public static string Of(string relative) => System.IO.Path.Combine(Path, relative);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Brick.Worker.sln")))
                return dir.FullName;
        }

        throw new DirectoryNotFoundException($"No Brick.Worker.sln above {AppContext.BaseDirectory}: the tests run from a build inside the repository.");
    }
}
