namespace Brick.Chain.Tests;

/// <summary>The repository the tests run from (the directory holding <c>Brick.Worker.sln</c>).</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootDirectory = new(Find);

    public static string Root => RootDirectory.Value;

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Brick.Worker.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"No Brick.Worker.sln above {AppContext.BaseDirectory}.");
    }
}
