using System.Diagnostics.Metrics;
using System.Net.Mime;
using System.Threading.Channels;
using Brick.Contracts;
using Brick.Engine.Operations;
using Brick.Engine.Outcomes;
using Brick.Engine.Requests;
using Brick.Service.Composition;
using Brick.Service.Messaging;
using Brick.Simulation.Composition;
using Brick.Simulation.Storage;
using Brick.Testing;
using MassTransit.Serialization;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

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
    private readonly Channel<ErrorQueueCopy> _errorQueue = Channel.CreateUnbounded<ErrorQueueCopy>();

    private InMemoryWorker(IHost app) => _app = app;

    /// <summary>The requests the engine was given; it can be made to break.</summary>
    public WatchedEngine Engine { get; } = new();

    /// <summary>The routing key of the last failure published.</summary>
    public string? LastRoutingKey { get; private set; }

    /// <summary>The simulated array and host.</summary>
    public SimulatedArray Array => _app.Services.GetRequiredService<SimulatedArray>();

    /// <summary>What the service measured, on the host's meter factory.</summary>
    public MetricRecorder Metrics { get; } = new();

    /// <summary>
    /// Starts the worker; <paramref name="settings"/> add to or override its settings (no retries by default);
    /// <paramref name="logs"/> is given every log line; with <paramref name="watchErrorQueue"/> every message moved to
    /// <c>brick-worker.&lt;host&gt;_error</c> is taken from it and read by <see cref="NextErrorQueueCopyAsync"/>.
    /// </summary>
    public static async Task<InMemoryWorker> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, ILoggerProvider? logs = null, bool watchErrorQueue = false)
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
        if (logs is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddExtendServiceCore();
        builder.Services.Replace(ServiceDescriptor.Singleton<IMeterFactory>(_ => worker!.Metrics));
        builder.Services.AddExtendBusInMemory((_, memory) =>
        {
            memory.ReceiveEndpoint("test-control-plane", e =>
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
        });
            if (watchErrorQueue)
            {
                memory.ReceiveEndpoint(EntityNames.WorkerQueue(ComputeHost) + "_error", e =>
                {
                    e.ConfigureConsumeTopology = false;
                    e.AddDeserializer(InboundDeserializer.Raw(int.MaxValue), isDefault: true);
                    e.AddDeserializer(InboundDeserializer.Envelope(int.MaxValue));
                    e.Handler<Brick.Service.Inbound.InboundRequest>(c => worker!._errorQueue.Writer.WriteAsync(ErrorQueueCopy.Of(c.ReceiveContext)).AsTask());
                });
            }
        });
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

    /// <summary>
    /// Sends <paramref name="body"/> as it is with <paramref name="contentType"/> exactly as given (any text, even one
    /// no parser takes; null: none at all) and <paramref name="messageId"/>, routed to this worker.
    /// </summary>
    public async Task SendDeliveredAsync(byte[] body, string? contentType, Guid messageId)
    {
        var endpoint = await _app.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"exchange:{EntityNames.VolumeExtendedExchange}"));
        await endpoint.Send(new Placeholder(), c =>
        {
            c.SetRoutingKey(ComputeHost);
            c.MessageId = messageId;
            c.Serializer = new CopyBodySerializer(new AsSent(contentType), new BytesMessageBody(body));
        }, TestContext.Current.CancellationToken);
    }

    /// <summary>The next message moved to the error queue (only when started with <c>watchErrorQueue</c>).</summary>
    public async Task<ErrorQueueCopy> NextErrorQueueCopyAsync(TimeSpan limit)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(limit);
        return await _errorQueue.Reader.ReadAsync(cancel.Token);
    }

    /// <summary>Every outcome published and not read yet, taken.</summary>
    public IReadOnlyList<object> TakeOutcomes()
    {
        var taken = new List<object>();
        while (_outcomes.Reader.TryRead(out var outcome))
            taken.Add(outcome);
        return taken;
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

    /// <summary>
    /// A content type that the in-memory transport writes as given: it puts the text of the body's content type in the
    /// message's <c>Content-Type</c> header, and this text may be anything, or nothing.
    /// </summary>
    private sealed class AsSent(string? text) : ContentType
    {
        public override string ToString() => text!;
    }

    /// <summary>A message as it was moved to the error queue: its <c>brick-reason</c>, MassTransit's fault headers, its id.</summary>
    internal sealed record ErrorQueueCopy(Guid? MessageId, string? Reason, string? ExceptionType, string? FaultMessage)
    {
        public static ErrorQueueCopy Of(ReceiveContext context) => new(
            context.GetMessageId(),
            context.TransportHeaders.Get<string>(EntityNames.ReasonHeader),
            context.TransportHeaders.Get<string>("MT-Fault-ExceptionType"),
            context.TransportHeaders.Get<string>("MT-Fault-Message"));
    }

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
