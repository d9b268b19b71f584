namespace Brick.Architecture.Tests.Layering;

/// <summary>
/// Every project assembly against its row of <see cref="AssemblyRules"/>: the project assemblies it references, the
/// packages it must not, the namespace its types live under, the order of its namespaces, the namespaces it keeps
/// apart, and what it uses of another assembly where its row names a part. The checks read the built assemblies.
/// </summary>
public sealed class LayerTests
{
    public static TheoryData<string> Rows { get; } = [.. AssemblyRules.All.Select(r => r.Assembly)];

    public static TheoryData<string> RequiringRows { get; } = [.. AssemblyRules.All.Where(r => r.MustReference.Count > 0).Select(r => r.Assembly)];

    public static TheoryData<string> ForbiddingRows { get; } = [.. AssemblyRules.All.Where(r => r.MayNotReference.Count > 0).Select(r => r.Assembly)];

    public static TheoryData<string> LayeredRows { get; } = [.. AssemblyRules.All.Where(r => r.Layers is not null).Select(r => r.Assembly)];

    public static TheoryData<string> ApartRows { get; } = [.. AssemblyRules.All.Where(r => r.Apart.Count > 0).Select(r => r.Assembly)];

    public static TheoryData<string> SurfaceRows { get; } = [.. AssemblyRules.All.Where(r => r.Surfaces.Count > 0).Select(r => r.Assembly)];

    [Theory]
    [MemberData(nameof(Rows))]
    public void An_assembly_references_only_the_project_assemblies_its_row_allows(string assembly) =>
        AssertNone(RuleCheck.Of(AssemblyRules.Of(assembly)).UnlistedReferences(), "A project reference its row does not allow (docs/architecture.md):");

    [Theory]
    [MemberData(nameof(RequiringRows))]
    public void An_assembly_references_the_project_assemblies_its_row_requires(string assembly) =>
        AssertNone(RuleCheck.Of(AssemblyRules.Of(assembly)).MissingReferences(), "A reference its row requires is missing:");

    [Theory]
    [MemberData(nameof(ForbiddingRows))]
    public void An_assembly_references_none_of_the_packages_its_row_forbids(string assembly) =>
        AssertNone(RuleCheck.Of(AssemblyRules.Of(assembly)).ForbiddenPackages(), "A package its row forbids:");

    [Theory]
    [MemberData(nameof(Rows))]
    public void An_assembly_keeps_its_types_under_its_root_namespace(string assembly) =>
        AssertNone(RuleCheck.Of(AssemblyRules.Of(assembly)).OutsideRoot(), "A type outside the assembly's namespace:");

    [Theory]
    [MemberData(nameof(LayeredRows))]
    public void Every_namespace_of_a_layered_assembly_has_its_layer(string assembly) =>
        AssertNone(RuleCheck.Of(AssemblyRules.Of(assembly)).Unlayered(), "A namespace missing from the row's layers:");

    [Theory]
    [MemberData(nameof(LayeredRows))]
    public void Every_layer_of_a_row_is_a_namespace_of_its_assembly(string assembly)
    {
        var rule = AssemblyRules.Of(assembly);

        Assert.Empty(rule.Layers!.Except(RuleCheck.Of(rule).OwnNamespaces()));
    }

    [Theory]
    [MemberData(nameof(LayeredRows))]
    public void Each_namespace_uses_only_the_layers_before_it(string assembly) =>
        AssertNone(RuleCheck.Of(AssemblyRules.Of(assembly)).Backwards(), "Against the layers:");

    [Theory]
    [MemberData(nameof(ApartRows))]
    public void Namespaces_kept_apart_do_not_use_each_other(string assembly) =>
        AssertNone(RuleCheck.Of(AssemblyRules.Of(assembly)).Joined(), "Namespaces their row keeps apart:");

    [Theory]
    [MemberData(nameof(SurfaceRows))]
    public void An_assembly_uses_only_the_part_of_another_its_row_allows(string assembly) =>
        AssertNone(RuleCheck.Of(AssemblyRules.Of(assembly)).OutsideSurfaces(), "A use outside the part its row allows (docs/architecture.md):");

    [Theory]
    [MemberData(nameof(SurfaceRows))]
    public void Every_namespace_and_type_a_surface_names_is_in_its_assembly(string assembly)
    {
        var stale = AssemblyRules.Of(assembly).Surfaces.SelectMany(entry =>
        {
            var types = BrickAssemblies.Named(entry.Key).MainModule.Types;
            return entry.Value.Namespaces.Where(ns => !types.Any(t => t.Namespace == ns))
                .Concat(entry.Value.Types.Where(name => !types.Any(t => t.FullName == name)))
                .Select(name => $"{entry.Key} has no {name}");
        });

        AssertNone([.. stale], "A surface names what is not there:");
    }

    [Fact]
    public void Every_project_assembly_and_every_library_under_tests_has_a_row()
    {
        var helpers = TestAssemblies.Names.Where(n => TestAssemblies.Read(n).MainModule.Kind == Mono.Cecil.ModuleKind.Dll);

        Assert.Equal(BrickAssemblies.Names.Order(), AssemblyRules.All.Where(r => !r.Helper).Select(r => r.Assembly).Order());
        Assert.Equal(helpers.Order(), AssemblyRules.All.Where(r => r.Helper).Select(r => r.Assembly).Order());
    }

    [Fact]
    public void Every_project_under_src_and_contracts_is_a_listed_assembly()
    {
        var projects = new[] { "src", "contracts" }
            .SelectMany(folder => Directory.GetDirectories(Brick.Testing.RepositoryRoot.Of(folder)))
            .Select(dir => Path.Combine(dir, Path.GetFileName(dir) + ".csproj"))
            .Where(File.Exists)
            .Select(AssemblyName);

        Assert.Equal(projects.Order(), BrickAssemblies.Names.Order());
    }

    [Fact]
    public void Only_the_executable_may_reference_the_operator_s_tools()
    {
        Assert.Equal(["brick-worker"], AssemblyRules.All.Where(r => r.MayReference.Contains("Brick.Tools")).Select(r => r.Assembly));
    }

    [Fact]
    public void No_production_assembly_references_a_test_helper()
    {
        var helpers = AssemblyRules.All.Where(r => r.Helper).Select(r => r.Assembly).ToHashSet(StringComparer.Ordinal);

        var references = AssemblyRules.All.Where(r => !r.Helper)
            .SelectMany(r => r.Read().MainModule.AssemblyReferences.Where(a => helpers.Contains(a.Name)).Select(a => $"{r.Assembly} references {a.Name}"));

        AssertNone([.. references], "A production assembly built on a test helper:");
        Assert.Empty(AssemblyRules.All.Where(r => !r.Helper).SelectMany(r => r.MayReference.Where(helpers.Contains)));
    }

    /// <summary>The assembly a project builds: its <c>AssemblyName</c>, or the project's own name.</summary>
    private static string AssemblyName(string project) =>
        System.Xml.Linq.XDocument.Load(project).Descendants("AssemblyName").Select(e => e.Value.Trim()).FirstOrDefault()
            ?? Path.GetFileNameWithoutExtension(project);

    private static void AssertNone(IReadOnlyList<string> violations, string heading) =>
        Assert.True(violations.Count == 0, heading + Environment.NewLine + string.Join(Environment.NewLine, violations));
}
