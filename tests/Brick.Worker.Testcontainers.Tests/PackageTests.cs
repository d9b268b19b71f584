using System.IO.Compression;
using System.Xml.Linq;
using Brick.Testing;

namespace Brick.Worker.Testcontainers.Tests;

/// <summary>
/// <c>dotnet pack</c> makes the NuGet package of the module: its assembly, its README shown on the package page, and
/// its Testcontainers dependencies. In CI the package is kept in <c>artifacts/packages</c>.
/// </summary>
public sealed class PackageTests
{
    [Fact]
    public async Task Dotnet_pack_makes_a_package_with_the_module_its_readme_and_its_dependencies()
    {
        var root = RepositoryRoot.Path;
        var output = Directory.CreateTempSubdirectory("brick-pack-").FullName;
        try
        {
            var (exit, log) = await RunAsync("dotnet", "pack", Path.Combine(root, "src", "Brick.Worker.Testcontainers", "Brick.Worker.Testcontainers.csproj"),
                "-c", "Release", "-o", output, "-p:Version=1.2.3-test", "--nologo");
            Assert.True(exit == 0, log);

            var package = Assert.Single(Directory.GetFiles(output, "*.nupkg"));
            Assert.Equal("Brick.Worker.Testcontainers.1.2.3-test.nupkg", Path.GetFileName(package));
            using (var zip = ZipFile.OpenRead(package))
            {
                var entries = zip.Entries.Select(e => e.FullName).ToList();
                Assert.Contains("lib/net10.0/Brick.Worker.Testcontainers.dll", entries);
                Assert.Contains("lib/net10.0/Brick.Worker.Testcontainers.xml", entries);
                Assert.Contains("README.md", entries);
                using var nuspecStream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
                var nuspec = XDocument.Load(nuspecStream);
                XNamespace ns = nuspec.Root!.Name.Namespace;
                var metadata = nuspec.Root.Element(ns + "metadata")!;
                Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
                var dependencies = metadata.Descendants(ns + "dependency").Select(d => (d.Attribute("id")!.Value, d.Attribute("version")!.Value)).Distinct().ToList();
                Assert.Contains(("Testcontainers", "4.16.0"), dependencies);
                Assert.Contains(("Testcontainers.RabbitMq", "4.16.0"), dependencies);
                Assert.DoesNotContain(dependencies, d => d.Item1.StartsWith("Brick.", StringComparison.Ordinal));
            }

            if (Brick.Testing.Prerequisite.InCi)
            {
                var kept = Directory.CreateDirectory(Path.Combine(root, "artifacts", "packages")).FullName;
                File.Copy(package, Path.Combine(kept, Path.GetFileName(package)), overwrite: true);
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static async Task<(int Exit, string Log)> RunAsync(string program, params string[] arguments)
    {
        var result = await Programs.RunAsync(program, arguments, TimeSpan.FromMinutes(5));
        return (result.ExitCode, result.Output);
    }
}
