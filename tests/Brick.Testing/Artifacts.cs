namespace Brick.Testing;

/// <summary>
/// The <c>artifacts</c> folder of the checkout the tests were built in, where figures and tables are left for
/// <c>.ci/run</c> to print and keep. The one place that knows where it is.
/// </summary>
public static class Artifacts
{
    /// <summary>The path of the artifact <paramref name="name"/> (its folder made where missing), or null outside a checkout.</summary>
    public static string? File(string name) =>
        RepositoryRoot.Above(AppContext.BaseDirectory) is { } root
            ? System.IO.Path.Combine(Directory.CreateDirectory(System.IO.Path.Combine(root, "artifacts")).FullName, name)
            : null;

    /// <summary>Writes <paramref name="text"/> as the artifact <paramref name="name"/>, where the tests run inside a checkout.</summary>
    public static void Write(string name, string text)
    {
        if (File(name) is { } file)
            System.IO.File.WriteAllText(file, text);
    }
}
