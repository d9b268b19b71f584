using System.CommandLine;
using System.Text.Json;
using Brick.Contracts;
using Brick.Service.Composition;
using Brick.Service.Logging;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using Brick.Simulation.Composition;
using Brick.Simulation.Storage;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Brick.Worker.Cli;

/// <summary>
/// <c>brick-worker demo</c>: the whole service flow with no broker and no storage. MassTransit's in-memory transport
/// carries the messages, a simulated host holds a two-path multipath iSCSI volume; the array grows it, a control plane
/// publishes <c>VolumeExtended</c>, the worker extends the volume and publishes <c>HostVolumeResized</c>, printed here.
/// Exit 0 when the host ends up showing the new size everywhere.
/// </summary>
internal static class DemoCommand
{
    private const string ComputeHost = "compute-07";
    private const long GiB = 1L << 30;

    /// <summary>The demo's settings: its host, no retries, and only the logs that tell the flow.</summary>
    private static readonly Dictionary<string, string?> Settings = new()
    {
        [$"{SettingsSection.Name}:{nameof(HostSettings.Host)}"] = ComputeHost,
        [$"{SettingsSection.Name}:{nameof(EndpointSettings.RetryLimit)}"] = "0",
        [$"{SettingsSection.Name}:{nameof(EngineSettings.Simulate)}"] = "true",
        ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Warning",
        ["Serilog:MinimumLevel:Override:MassTransit"] = "Warning",
    };

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("demo", "Run the whole flow in memory on a simulated host (no broker, no storage) and print each step.");
        command.SetAction(_ => RunAsync(stdout, stderr));
        return command;
    }

    private static async Task<int> RunAsync(TextWriter stdout, TextWriter stderr)
    {
        var outcome = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(Settings);
        builder.Services.AddWorkerLogging(builder.Configuration);
        builder.Services.AddExtendServiceCore();
        builder.Services.AddExtendBusInMemory((_, memory) => memory.ReceiveEndpoint("demo-control-plane", e =>
        {
            e.ConfigureConsumeTopology = false;
            e.Bind(EntityNames.HostVolumeResizedExchange, MassTransit.Transports.Fabric.ExchangeType.Topic, ComputeHost);
            e.Bind(EntityNames.HostVolumeResizeFailedExchange, MassTransit.Transports.Fabric.ExchangeType.Topic, ComputeHost);
            e.Handler<HostVolumeResized>(c => Task.FromResult(outcome.TrySetResult(c.Message)));
            e.Handler<HostVolumeResizeFailed>(c => Task.FromResult(outcome.TrySetResult(c.Message)));
        }));
        builder.Services.AddSimulatedHost(withLoopVolume: false);

        using var app = builder.Build();
        var array = app.Services.GetRequiredService<SimulatedArray>();
        var volume = array.Volumes[0];
        await stdout.WriteLineAsync($"1. Simulated host {ComputeHost}: iSCSI volume, paths {string.Join(" and ", volume.Paths)} under multipath map {volume.Map}, " +
            $"{array.Host.SizeOf(volume.GuestDevice) / GiB} GiB (tree in {array.Host.Directory}).");
        await app.StartAsync();
        var bus = app.Services.GetRequiredService<IBus>();

        volume.Lun.Grow(20 * GiB);
        await stdout.WriteLineAsync($"2. The array grows the LUN to 20 GiB; the host still shows {array.Host.SizeOf(volume.GuestDevice) / GiB} GiB.");

        var request = volume.Request(ComputeHost, 20 * GiB, volumeId: "5f0c7b0e-6f39-4f59-9b2f-2b1e4f4a8c11", attachmentId: "a4e1c0b2-1111-4c3b-9d0e-0f9a8b7c6d5e");
        await stdout.WriteLineAsync($"3. The control plane publishes VolumeExtended to {EntityNames.VolumeExtendedExchange} with routing key {ComputeHost}:");
        await stdout.WriteLineAsync(JsonSerializer.Serialize(request, ContractJson.Indented));
        var endpoint = await bus.GetSendEndpoint(new Uri($"exchange:{EntityNames.VolumeExtendedExchange}"));
        await endpoint.Send(request, c => c.SetRoutingKey(ComputeHost));

        await stdout.WriteLineAsync("4. The worker validates it, rescans both paths, waits for them, resizes the map, verifies (log lines below).");
        var result = await outcome.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await app.StopAsync();

        var resized = result is HostVolumeResized;
        await stdout.WriteLineAsync($"5. The control plane receives {(resized ? nameof(HostVolumeResized) : nameof(HostVolumeResizeFailed))}:");
        await stdout.WriteLineAsync(JsonSerializer.Serialize(result, result.GetType(), ContractJson.Indented));
        var sizes = volume.Paths.Append(volume.GuestDevice).Select(d => $"{d} {array.Host.SizeOf(d) / GiB} GiB");
        await stdout.WriteLineAsync($"6. The host now shows: {string.Join(", ", sizes)}.");
        if (!resized)
            await stderr.WriteLineAsync("The demo did not end in HostVolumeResized.");
        return resized ? ExitCodes.Succeeded : ExitCodes.Failed;
    }
}
