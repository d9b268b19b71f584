namespace Brick.Deploy.Tests.Support;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class Repository
{
    /// <summary>The folder holding <c>Brick.Worker.sln</c>, found upwards from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path under the root, from its parts.</summary>
    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Brick.Worker.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"No Brick.Worker.sln above {AppContext.BaseDirectory}");
    }
}
