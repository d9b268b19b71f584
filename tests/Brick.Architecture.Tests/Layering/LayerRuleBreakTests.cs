namespace Brick.Architecture.Tests.Layering;

/// <summary>
/// Each part of an <see cref="AssemblyRule"/> finds a break: the real assemblies read against a row narrowed so that
/// what they do today breaks it. A check that found nothing here would pass <see cref="LayerTests"/> whatever the code did.
/// </summary>
public sealed class LayerRuleBreakTests
{
    private static readonly AssemblyRule Virt = AssemblyRules.Of("Brick.Virt");

    [Fact]
    public void A_project_reference_the_row_does_not_list_is_found()
    {
        var check = RuleCheck.Of(Virt with { MayReference = ["Brick.Engine", "Brick.Contracts"] });

        Assert.Equal(["Brick.Virt references Brick.Service"], check.UnlistedReferences());
    }

    [Fact]
    public void A_reference_the_row_requires_and_the_assembly_lacks_is_found()
    {
        var check = RuleCheck.Of(AssemblyRules.Of("Brick.Service") with { MustReference = ["Brick.Simulation"] });

        Assert.Equal(["Brick.Service does not reference Brick.Simulation"], check.MissingReferences());
    }

    [Fact]
    public void A_forbidden_package_is_found_by_its_name_and_the_names_below_it()
    {
        var check = RuleCheck.Of(Virt with { MayNotReference = ["MassTransit"] });

        Assert.Contains("Brick.Virt references MassTransit.Abstractions", check.ForbiddenPackages());
    }

    [Fact]
    public void A_type_outside_the_root_namespace_is_found()
    {
        var check = RuleCheck.Of(Virt with { Root = "Brick.Virt.Guests" });

        Assert.Contains("Brick.Virt.Qmp.QmpConnection is not under Brick.Virt.Guests", check.OutsideRoot());
        Assert.DoesNotContain(check.OutsideRoot(), line => line.StartsWith("Brick.Virt.Guests.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_namespace_left_out_of_the_layers_is_found()
    {
        var check = RuleCheck.Of(Virt with { Layers = [.. Virt.Layers!.Where(ns => ns != "Brick.Virt.Qmp")] });

        Assert.Equal(["Brick.Virt.Qmp has no layer"], check.Unlayered());
    }

    [Fact]
    public void A_use_against_the_order_of_the_layers_is_found_with_the_types_behind_it()
    {
        var check = RuleCheck.Of(Virt with { Layers = [.. Virt.Layers!.Reverse()] });

        Assert.Contains(check.Backwards(), line => line.StartsWith("Brick.Virt.Composition → Brick.Virt.Messaging: Brick.Virt.Composition.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_use_between_namespaces_kept_apart_is_found()
    {
        var check = RuleCheck.Of(Virt with { Apart = [("Brick.Virt.Guests", "Brick.Virt.Resizing")] });

        Assert.Contains(check.Joined(), line => line.StartsWith("Brick.Virt.Resizing → Brick.Virt.Guests: ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_use_of_the_service_outside_blockresize_s_part_of_it_is_found_with_its_user()
    {
        var withoutTheBus = AssemblyRules.VirtUseOfService with
        {
            Types = [.. AssemblyRules.VirtUseOfService.Types.Where(t => t != "Brick.Service.Messaging.ConsumerBus")],
        };
        var check = RuleCheck.Of(Virt with { Surfaces = new Dictionary<string, Surface> { ["Brick.Service"] = withoutTheBus } });

        Assert.Equal(["Brick.Service Brick.Service.Messaging.ConsumerBus, used by Brick.Virt.Composition.BlockresizeServices"], check.OutsideSurfaces());
    }

    [Fact]
    public void A_use_of_the_service_outside_the_tools_part_of_it_is_found_with_its_user()
    {
        var withoutMultipathd = AssemblyRules.ToolsUseOfService with
        {
            Types = [.. AssemblyRules.ToolsUseOfService.Types.Where(t => t != "Brick.Service.Health.MultipathdCheck")],
        };
        var check = RuleCheck.Of(AssemblyRules.Of("Brick.Tools") with { Surfaces = new Dictionary<string, Surface> { ["Brick.Service"] = withoutMultipathd } });

        Assert.Equal(["Brick.Service Brick.Service.Health.MultipathdCheck, used by Brick.Tools.Diagnosis.DiagnosisServices"], check.OutsideSurfaces());
    }

    [Fact]
    public void The_tools_part_of_the_service_leaves_out_the_consumers_and_their_host()
    {
        Assert.False(AssemblyRules.ToolsUseOfService.Allows("Brick.Service.Messaging", "Brick.Service.Messaging.VolumeExtendedConsumer"));
        Assert.False(AssemblyRules.ToolsUseOfService.Allows("Brick.Service.Messaging", "Brick.Service.Messaging.ConsumerBus"));
        Assert.False(AssemblyRules.ToolsUseOfService.Allows("Brick.Service.Composition", "Brick.Service.Composition.ConsumerApplication"));
        Assert.False(AssemblyRules.ToolsUseOfService.Allows("Brick.Service.Health", "Brick.Service.Health.WorkerHealthChecks"));
    }

    [Fact]
    public void Blockresize_s_part_of_the_service_leaves_out_run_s_own_wiring_and_blockresize_never_reaches_the_tools()
    {
        Assert.DoesNotContain("Brick.Tools", Virt.MayReference);
        Assert.False(AssemblyRules.VirtUseOfService.Allows("Brick.Service.Messaging", "Brick.Service.Messaging.VolumeExtendedConsumer"));
        Assert.False(AssemblyRules.VirtUseOfService.Allows("Brick.Service.Messaging", "Brick.Service.Messaging.ExtendBus"));
        Assert.False(AssemblyRules.VirtUseOfService.Allows("Brick.Service.Composition", "Brick.Service.Composition.ExtendEngine"));
    }
}
