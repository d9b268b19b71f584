using System.Diagnostics.Metrics;
using System.Net.Mime;
using System.Threading.Channels;
using Brick.Contracts;
using Brick.Engine.Operations;
using Brick.Engine.Outcomes;
using Brick.Simulation;
using Brick.Engine.Requests;
using Brick.Service.Hosting;
using Brick.Service.Messaging;
using Brick.Testing;
using MassTransit;
using MassTransit.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Brick.Service.Tests.Messaging;

/// <summary>
/// The service's composition on MassTransit's in-memory transport and a simulated host (<c>AddSimulatedHost</c>), the
/// engine watched by <see cref="Engine"/>, and a control plane that collects the outcomes published.
/// </summary>
internal sealed class InMemoryWorker : IAsyncDisposable
{
    public const string ComputeHost = "compute-07";

    private readonly IHost _app;
    private readonly Channel<object> _outcomes = Channel.CreateUnbounded<object>();

    private InMemoryWorker(IHost app) => _app = app;

    /// <summary>The requests the engine was given; it can be made to break.</summary>
    public WatchedEngine Engine { get; } = new();

    /// <summary>The routing key of the last failure published.</summary>
    public string? LastRoutingKey { get; private set; }

    /// <summary>The simulated array and host.</summary>
    public SimulatedArray Array => _app.Services.GetRequiredService<SimulatedArray>();

    /// <summary>What the service measured, on the host's meter factory.</summary>
    public MetricRecorder Metrics { get; } = new();

    /// <summary>Starts the worker; <paramref name="settings"/> add to or override its settings (no retries by default).</summary>
    public static async Task<InMemoryWorker> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        InMemoryWorker? worker = null;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Brick:Host"] = ComputeHost,
            ["Brick:RetryLimit"] = "0",
            ["Brick:Simulate"] = "true",
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddWorkerServiceCore();
        builder.Services.Replace(ServiceDescriptor.Singleton<IMeterFactory>(_ => worker!.Metrics));
        builder.Services.AddWorkerBusInMemory((_, memory) => memory.ReceiveEndpoint("test-control-plane", e =>
        {
            e.ConfigureConsumeTopology = false;
            e.Bind(EntityNames.HostVolumeResizedExchange, MassTransit.Transports.Fabric.ExchangeType.Topic, "#");
            e.Bind(EntityNames.HostVolumeResizeFailedExchange, MassTransit.Transports.Fabric.ExchangeType.Topic, "#");
            e.Handler<HostVolumeResized>(c => worker!._outcomes.Writer.WriteAsync(c.Message).AsTask());
            e.Handler<HostVolumeResizeFailed>(c =>
            {
                worker!.LastRoutingKey = c.RoutingKey();
                return worker._outcomes.Writer.WriteAsync(c.Message).AsTask();
            });
        }));
        builder.Services.AddSimulatedHost();
        var simulated = builder.Services.Last(s => s.ServiceType == typeof(IVolumeExtender));
        builder.Services.Replace(ServiceDescriptor.Singleton<IVolumeExtender>(sp =>
            worker!.Engine.Watching((IVolumeExtender)simulated.ImplementationFactory!(sp))));
        worker = new InMemoryWorker(builder.Build());
        await worker._app.StartAsync(TestContext.Current.CancellationToken);
        return worker;
    }

    /// <summary>Sends <paramref name="message"/> as a control plane on MassTransit would: an envelope, routed by host.</summary>
    public async Task SendAsync(VolumeExtended message, Guid? correlationId = null)
    {
        var endpoint = await _app.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"exchange:{EntityNames.VolumeExtendedExchange}"));
        await endpoint.Send(message, c =>
        {
            c.SetRoutingKey(ComputeHost);
            c.CorrelationId = correlationId;
        }, TestContext.Current.CancellationToken);
    }

    /// <summary>Sends <paramref name="body"/> as it is, with <paramref name="contentType"/>, routed to this worker.</summary>
    public Task SendRawAsync(string body, string contentType = "application/json") =>
        SendRawAsync(System.Text.Encoding.UTF8.GetBytes(body), contentType);

    /// <summary>Sends the bytes <paramref name="body"/> as they are, with <paramref name="contentType"/>, routed to this worker.</summary>
    public async Task SendRawAsync(byte[] body, string contentType = "application/json")
    {
        var endpoint = await _app.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"exchange:{EntityNames.VolumeExtendedExchange}"));
        await endpoint.Send(new Placeholder(), c =>
        {
            c.SetRoutingKey(ComputeHost);
            c.Serializer = new CopyBodySerializer(new ContentType(contentType), new BytesMessageBody(body));
        }, TestContext.Current.CancellationToken);
    }

    /// <summary>The next outcome published.</summary>
    public async Task<object> NextOutcomeAsync()
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(20));
        return await _outcomes.Reader.ReadAsync(limit.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        _app.Dispose();
        Metrics.Dispose();
    }

    /// <summary>Any object to carry a raw body (the body is replaced).</summary>
    private sealed record Placeholder;

    /// <summary>The engine, its requests recorded; <see cref="Breaks"/> makes it throw as a bug would.</summary>
    internal sealed class WatchedEngine : IVolumeExtender
    {
        private readonly List<ExtendRequest> _requests = [];
        private IVolumeExtender? _engine;

        public bool Breaks { get; set; }

        /// <summary>What the engine's bug says when it <see cref="Breaks"/>.</summary>
        public string BreakMessage { get; set; } = "a bug in the engine";

        /// <summary>When set, every try fails transiently (retriable) with this reason, as a slow rescan would.</summary>
        public ResizeFailureReason? FailsTransiently { get; set; }

        public WatchedEngine Watching(IVolumeExtender engine)
        {
            _engine = engine;
            return this;
        }

        public IReadOnlyList<ExtendRequest> Requests
        {
            get
            {
                lock (_requests)
                    return [.. _requests];
            }
        }

        public Task<ExtendOutcome> ExtendAsync(ExtendRequest request, CancellationToken cancellationToken)
        {
            lock (_requests)
                _requests.Add(request);
            if (FailsTransiently is { } reason)
                return Task.FromResult(new ExtendOutcome(false, reason, "not this time", true, null, null, null, [], [], TimeSpan.Zero));
            return Breaks ? throw new InvalidOperationException(BreakMessage) : _engine!.ExtendAsync(request, cancellationToken);
        }
    }
}
