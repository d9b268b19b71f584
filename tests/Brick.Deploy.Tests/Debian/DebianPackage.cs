using System.Diagnostics;
using Brick.Deploy.Tests.Support;

namespace Brick.Deploy.Tests.Debian;

/// <summary>The package deploy/debian/build-deb.sh builds (once per run) at <see cref="DeployImages.Version"/>.</summary>
internal static class DebianPackage
{
    /// <summary>Debian's form of the test version: a pre-release sorts before its release.</summary>
    public const string Version = "9.8.7~test.1";

    private static readonly string Folder = Directory.CreateTempSubdirectory("brick-deb-test.").FullName;

    private static readonly Lazy<Task<(ProgramResult Build, TimeSpan Took)>> Build = new(async () =>
    {
        var clock = Stopwatch.StartNew();
        var build = await Programs.RunAsync("bash", [RepositoryRoot.Of("deploy", "debian", "build-deb.sh"), Folder], TimeSpan.FromMinutes(20),
            new Dictionary<string, string?> { ["BRICK_VERSION"] = DeployImages.Version });
        Timing.Report($"build-deb.sh: {clock.Elapsed.TotalSeconds:F0} s");
        return (build, clock.Elapsed);
    });

    /// <summary>The path of the built package.</summary>
    public static async Task<string> PathAsync()
    {
        Prerequisite.RequireProgram("dpkg-deb", "Debian: apt-get install dpkg");
        var (build, _) = await Build.Value;
        build.Succeeded();
        var path = build.Stdout.Trim().Split('\n')[^1];
        Assert.Equal(System.IO.Path.Combine(Folder, $"brick-worker_{Version}_amd64.deb"), path);
        return path;
    }

    /// <summary>A field of the package's control file.</summary>
    public static async Task<string> FieldAsync(string field) =>
        (await Programs.RunAsync("dpkg-deb", ["--field", await PathAsync(), field], TimeSpan.FromSeconds(30))).Succeeded().Stdout.Trim();
}
