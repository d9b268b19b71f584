using System.Text.RegularExpressions;
using Brick.Testing;

namespace Brick.RealKernel.Tests;

/// <summary>
/// The list of scenarios and the guest's scripts, checked without a VM (these run everywhere): what CI's boots would
/// only find out minutes later, and what keeps the probe payload, which CI does not boot, runnable.
/// </summary>
public sealed partial class CatalogTests
{
    private static readonly ScenarioCatalog Catalog = ScenarioCatalog.Current;

    private static string ScenarioScripts => RepositoryRoot.Of("tests/vm/payloads/scenarios/scenarios");

    [Fact]
    public void Scenario_ids_and_boot_names_are_unique()
    {
        Assert.Equal(Catalog.Scenarios.Count, Catalog.Scenarios.Select(s => s.Id).Distinct().Count());
        Assert.Equal(Catalog.Boots.Count, Catalog.Boots.Select(b => b.Name).Distinct().Count());
    }

    [Fact]
    public void Every_scenario_runs_on_a_listed_boot_and_only_after_a_scenario_listed_before_it_on_that_boot()
    {
        var boots = Catalog.Boots.Select(b => b.Name).ToHashSet();
        for (var i = 0; i < Catalog.Scenarios.Count; i++)
        {
            var scenario = Catalog.Scenarios[i];
            Assert.True(boots.Contains(scenario.Boot), $"{scenario.Id} runs on boot '{scenario.Boot}', which the list does not have");
            if (scenario.After is { } after)
            {
                var earlier = Catalog.Scenarios.Take(i).FirstOrDefault(s => s.Id == after);
                Assert.True(earlier is not null, $"{scenario.Id} runs after '{after}', which is not listed before it");
                Assert.True(earlier.Boot == scenario.Boot, $"{scenario.Id} runs after {after}, which runs on another boot ({earlier.Boot})");
            }
        }
    }

    [Fact]
    public void Every_boot_runs_a_scenario() =>
        Assert.All(Catalog.Boots, boot => Assert.Contains(Catalog.Scenarios, s => s.Boot == boot.Name));

    [Fact]
    public void Every_listed_scenario_has_its_script_and_every_script_is_listed()
    {
        var scripts = Directory.GetFiles(ScenarioScripts, "*.sh").Select(f => Path.GetFileNameWithoutExtension(f)!).Order().ToList();
        Assert.Equal(Catalog.Scenarios.Select(s => s.Id).Order(), scripts);
    }

    [Fact]
    public void Every_peer_scenario_has_its_script_a_listed_boot_and_only_an_earlier_peer_of_its_boot_before_it()
    {
        var scripts = Directory.GetFiles(RepositoryRoot.Of("tests/vm/payloads/scenarios/peers"), "*.sh").Select(f => Path.GetFileNameWithoutExtension(f)!).Order().ToList();
        Assert.Equal(Catalog.Peers.Select(p => p.Id).Order(), scripts);
        Assert.Equal(Catalog.Peers.Count, Catalog.Peers.Select(p => p.Id).Distinct().Count());
        var boots = Catalog.Boots.Select(b => b.Name).ToHashSet();
        for (var i = 0; i < Catalog.Peers.Count; i++)
        {
            var peer = Catalog.Peers[i];
            Assert.True(boots.Contains(peer.Boot), $"{peer.Id} runs on boot '{peer.Boot}', which the list does not have");
            if (peer.After is { } after)
                Assert.True(Catalog.Peers.Take(i).Any(p => p.Id == after && p.Boot == peer.Boot), $"{peer.Id} runs after '{after}', which is not an earlier peer scenario of its boot");
        }
    }

    [Fact]
    public void Every_guest_ci_id_is_listed_and_brings_the_scenario_it_runs_after()
    {
        Assert.Equal(Catalog.Guests.Count, Catalog.Guests.Select(g => g.Name).Distinct().Count());
        Assert.Equal(Catalog.Guests.Count, Catalog.Guests.Select(g => g.Suite).Distinct().Count());
        // A guest's name becomes part of an environment variable (BRICK_VM_DIR_DEBIAN13) and of a boot's file names.
        Assert.All(Catalog.Guests, g => Assert.Matches("^[a-z][a-z0-9]*$", g.Name));
        foreach (var guest in Catalog.Guests)
        {
            foreach (var id in guest.CiExcept)
                Assert.True(Catalog.Scenarios.Any(s => s.Id == id) || Catalog.Peers.Any(p => p.Id == id), $"guest {guest.Name}'s ciExcept list names '{id}', which is no scenario");
            if (guest.Ci is null)
                continue;
            foreach (var id in guest.Ci!)
            {
                var after = Catalog.Scenarios.FirstOrDefault(s => s.Id == id)?.After ?? Catalog.Peers.FirstOrDefault(p => p.Id == id)?.After;
                Assert.True(Catalog.Scenarios.Any(s => s.Id == id) || Catalog.Peers.Any(p => p.Id == id), $"guest {guest.Name}'s ci list names '{id}', which is no scenario");
                Assert.True(after is null || guest.Ci.Contains(after), $"guest {guest.Name}'s ci list has {id} without {after}, which it runs after");
            }
        }
    }

    [Fact]
    public void At_the_ci_size_every_scenario_and_peer_scenario_runs_in_some_guest()
    {
        var runs = Catalog.Runs(SuiteSize.Ci);
        Assert.All(Catalog.Scenarios, s => Assert.Contains(runs, r => r.Boot.Name == s.Boot && r.Runs(s.Id)));
        Assert.All(Catalog.Peers, p => Assert.Contains(runs, r => r.Boot.Name == p.Boot && r.Runs(p.Id)));
        Assert.True(runs.Select(r => r.Guest).Distinct().Count() == Catalog.Guests.Count, "every guest boots in CI");
    }

    [Fact]
    public void At_the_full_size_every_guest_runs_everything_and_the_first_keeps_the_boot_names()
    {
        var runs = Catalog.Runs(SuiteSize.Full);
        Assert.Equal(Catalog.Guests.Count * Catalog.Boots.Count, runs.Count);
        Assert.All(runs, r => Assert.Null(r.Only));
        Assert.Equal(Catalog.Boots.Select(b => b.Name), runs.Where(r => r.Primary).Select(r => r.Name));
        Assert.Equal(runs.Count, runs.Select(r => r.Name).Distinct().Count());
    }

    [Theory]
    [InlineData(null, "ci")]
    [InlineData("", "ci")]
    [InlineData("ci", "ci")]
    [InlineData("full", "full")]
    public void The_suite_size_is_ci_unless_full_is_asked_for(string? value, string size) => Assert.Equal(size, SuiteSize.Read(value));

    [Fact]
    public void A_suite_size_that_is_neither_is_refused_by_name() =>
        Assert.Contains("BRICK_REAL_KERNEL_SIZE='huge'", Assert.Throws<InvalidOperationException>(() => SuiteSize.Read("huge")).Message, StringComparison.Ordinal);

    [Fact]
    public async Task Every_guest_script_parses_as_sh()
    {
        var scripts = GuestScripts().ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            var (exitCode, errors) = await Run("sh", "-n", script);
            Assert.True(exitCode == 0, $"sh -n {script}: {errors}");
        }
    }

    [Fact]
    public void Every_guest_helper_a_payload_calls_is_defined()
    {
        var scripts = GuestScripts().Where(f => !f.EndsWith("brick-init", StringComparison.Ordinal) && !f.EndsWith("initramfs-init", StringComparison.Ordinal)).ToList();
        var texts = scripts.ToDictionary(f => f, File.ReadAllText);
        var defined = texts.Values.SelectMany(t => Definition().Matches(t).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
        var undefined = texts
            .SelectMany(kv => Call().Matches(kv.Value).Select(m => (File: Path.GetRelativePath(RepositoryRoot.Path, kv.Key), Name: m.Value)))
            .Where(call => !defined.Contains(call.Name))
            .Distinct()
            .Select(call => $"{call.File}: {call.Name}")
            .ToList();
        Assert.True(undefined.Count == 0, $"called but defined nowhere under tests/vm: {string.Join(", ", undefined)}");
    }

    private static IEnumerable<string> GuestScripts() =>
        Directory.GetFiles(RepositoryRoot.Of("tests/vm/guest"), "*.sh")
            .Concat(Directory.GetFiles(RepositoryRoot.Of("tests/vm/payloads"), "*.sh", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(RepositoryRoot.Of("tests/vm/image")))
            .Where(f => !f.EndsWith("prepare.sh", StringComparison.Ordinal))
            .Order();

    private static async Task<(int ExitCode, string Errors)> Run(string program, params string[] args)
    {
        var result = await Programs.RunAsync(program, args, TimeSpan.FromSeconds(30));
        return (result.ExitCode, result.Stderr);
    }

    /// <summary>A function definition <c>brick_x()</c> (or any <c>name()</c>).</summary>
    [GeneratedRegex(@"^\s*([a-z_][a-z0-9_]*)\s*\(\)", RegexOptions.Multiline)]
    private static partial Regex Definition();

    /// <summary>A use of a <c>brick_…</c> helper: not a variable (<c>$brick_x</c>, <c>brick_x=</c>).</summary>
    [GeneratedRegex(@"(?<![$\w])brick_[a-z0-9_]+(?![=\w])")]
    private static partial Regex Call();
}
