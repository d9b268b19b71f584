using Brick.Contracts;
using Brick.Simulation.Multipathd;
using Brick.Simulation.Scripting;
using Brick.Simulation.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Brick.Simulation.Tests.Settings;

/// <summary>
/// <c>Brick:Simulation</c>, the simulated host's own settings: volumes and rules bound from flat keys (as environment
/// variables give them), every bad one named by its key, checked at start, and the script the host is built from.
/// </summary>
public sealed class SimulationSettingsTests
{
    private static ServiceProvider Services(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSimulationSettings().BuildServiceProvider();
    }

    private static SimulationSettings Load(params (string Key, string? Value)[] settings)
    {
        using var services = Services(settings);
        return services.GetRequiredService<IOptions<SimulationSettings>>().Value;
    }

    private static IReadOnlyList<string> Problems(params (string Key, string? Value)[] settings) =>
        Assert.Throws<OptionsValidationException>(() => Load(settings)).Failures.ToList();

    [Fact]
    public void Without_a_Simulation_section_the_host_is_the_default_one()
    {
        var settings = Load(("Brick:Host", "compute-07"));

        Assert.Empty(settings.Volumes);
        Assert.Empty(settings.Rules);
        Assert.Equal(SimulatedVolumeSpec.Defaults, settings.Script().VolumesAtStart);
        Assert.Empty(settings.Script().RulesInOrder);
    }

    [Fact]
    public void Rules_and_volumes_are_bound_from_numbered_keys_case_insensitively()
    {
        var simulation = Load(
            ("Brick:Simulation:Rules:0:Volume", "vol-bad-*"), ("Brick:Simulation:Rules:0:Fail", "wwidmismatch"),
            ("Brick:Simulation:Rules:1:Request", "3"), ("Brick:Simulation:Rules:1:Fail", "MultipathResizeFailed"),
            ("Brick:Simulation:Rules:1:Multipathd", "timeout"), ("Brick:Simulation:Rules:1:Times", "2"), ("Brick:Simulation:Rules:1:DelaySeconds", "1.5"),
            ("Brick:Simulation:Volumes:0:Type", "local"), ("Brick:Simulation:Volumes:0:SizeBytes", "1073741824"), ("Brick:Simulation:Volumes:0:Luks", "true"));

        Assert.Equal(2, simulation.Rules.Count);
        Assert.Equal(("vol-bad-*", ResizeFailureReason.WwidMismatch, (int?)null), (simulation.Rules[0].Volume, simulation.Rules[0].Fail, simulation.Rules[0].Times));
        Assert.Equal((3, "timeout", 2, 1.5), (simulation.Rules[1].Request, simulation.Rules[1].Multipathd, simulation.Rules[1].Times, simulation.Rules[1].DelaySeconds));
        Assert.Equal(("*", "local", 1L << 30, true), (simulation.Rules[1].Volume, simulation.Volumes[0].Type, simulation.Volumes[0].SizeBytes, simulation.Volumes[0].Luks));
    }

    [Fact]
    public void Every_bad_key_and_value_is_named_by_its_key()
    {
        var problems = Problems(
            ("Brick:Simulation:Rules:0:Fail", "Misrouted"),
            ("Brick:Simulation:Rules:1:Times", "often"),
            ("Brick:Simulation:Rules:2:Fial", "WwidMismatch"),
            ("Brick:Simulation:Rules:3:Multipathd", "hang"),
            ("Brick:Simulation:Volumes:0:Type", "rbd"),
            ("Brick:Simulation:Volumes:1:SizeBytes", "1000"),
            ("Brick:Simulation:Lanes:0", "x"));

        Assert.Equal(
        [
            "Brick:Simulation:Lanes is not a setting (Brick:Simulation has Volumes and Rules).",
            "Brick:Simulation:Rules:0:Fail 'Misrouted' is not a fault the simulated host plays (DeviceNotFound, WwidMismatch, RescanTimeout, MultipathResizeFailed, Unsupported).",
            "Brick:Simulation:Rules:1:Times 'often' is not a whole number.",
            "Brick:Simulation:Rules:2:Fial is not a setting (Volume, Request, Fail, Multipathd, Times, DelaySeconds).",
            "Brick:Simulation:Rules:3:Multipathd 'hang' is not fail or timeout.",
            "Brick:Simulation:Volumes:0:Type 'rbd' is not one of iscsi, fibre_channel, nvmeof, local.",
            "Brick:Simulation:Volumes:1:SizeBytes 1000 is not a positive multiple of 512.",
        ], problems.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_fault_that_is_no_failure_reason_of_the_contract_is_named_with_the_reasons()
    {
        var problem = Assert.Single(Problems(("Brick:Simulation:Rules:0:Fail", "Broken")));

        Assert.StartsWith("Brick:Simulation:Rules:0:Fail 'Broken' is not one of InvalidRequest, Misrouted", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_script_has_the_volumes_and_the_rules_in_their_order()
    {
        var script = Load(
            ("Brick:Simulation:Volumes:0:Type", "nvmeof"), ("Brick:Simulation:Volumes:0:SizeBytes", "2147483648"), ("Brick:Simulation:Volumes:0:Paths", "3"),
            ("Brick:Simulation:Rules:0:Volume", "vol-slow-*"), ("Brick:Simulation:Rules:0:DelaySeconds", "1.5"),
            ("Brick:Simulation:Rules:1:Fail", "MultipathResizeFailed"), ("Brick:Simulation:Rules:1:Multipathd", "timeout"), ("Brick:Simulation:Rules:1:Times", "2"))
            .Script();

        Assert.Equal([new SimulatedVolumeSpec("nvmeof", 2L << 30, Paths: 3)], script.VolumesAtStart);
        Assert.Equal(
            [
                new SimulationRule("vol-slow-*", Delay: TimeSpan.FromSeconds(1.5)),
                new SimulationRule("*", Fail: ResizeFailureReason.MultipathResizeFailed, Multipathd: MultipathdReply.Timeout, Times: 2),
            ],
            script.RulesInOrder);
    }

    [Fact]
    public void A_bad_setting_is_named_when_the_settings_are_checked_at_start()
    {
        using var services = Services(("Brick:Simulation:Volumes:0:Paths", "9"));

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["Brick:Simulation:Volumes:0:Paths is 9; use 1 to 8."], failure.Failures);
    }

    [Fact]
    public void Its_lists_are_the_simulated_host_s_own()
    {
        var problems = Problems(("Brick:Simulation:Rules:0:Fail", "Misrouted"), ("Brick:Simulation:Volumes:0:Type", "rbd"));

        Assert.Contains($"Brick:Simulation:Rules:0:Fail 'Misrouted' is not a fault the simulated host plays ({string.Join(", ", SimulationRule.Playable)}).", problems);
        Assert.Contains($"Brick:Simulation:Volumes:0:Type 'rbd' is not one of {string.Join(", ", SimulatedVolumeSpec.Types)}.", problems);
    }
}
