using System.Threading.Channels;
using Brick.Contracts;
using Brick.Service.Inbound;
using Brick.Service.Messaging;
using Brick.Virt.Guests;
using Brick.Virt.Composition;
using Brick.Virt.Messaging;
using MassTransit;
using MassTransit.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Brick.Virt.Tests.Hostile.Generated;

/// <summary>
/// blockresize's real endpoint (<see cref="BlockresizeConsumer.Endpoint"/> on the consumers' skeleton: its deserializers, consumer, error pipe and
/// dead-letter pipe) on MassTransit's in-memory transport, with a hypervisor that counts every question asked of it
/// (<see cref="Hypervisor"/>), its error queue and the guest outcomes it publishes watched.
/// </summary>
internal sealed class InMemoryBlockresize : IAsyncDisposable
{
    private readonly IHost _app;
    private readonly DirectoryInfo _qmp;
    private readonly Channel<ErrorQueueCopy> _errorQueue = Channel.CreateUnbounded<ErrorQueueCopy>();
    private readonly Channel<object> _published = Channel.CreateUnbounded<object>();

    private InMemoryBlockresize(IHost app, DirectoryInfo qmp, CountingHypervisor hypervisor) => (_app, _qmp, Hypervisor) = (app, qmp, hypervisor);

    /// <summary>The hypervisor: no guest, every call counted.</summary>
    public CountingHypervisor Hypervisor { get; }

    public static async Task<InMemoryBlockresize> StartAsync(ILoggerProvider? logs = null)
    {
        InMemoryBlockresize? harness = null;
        var qmp = Directory.CreateTempSubdirectory("brick-virt-fuzz-qmp-");
        var hypervisor = new CountingHypervisor();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Brick:Host"] = OutcomeOracle.Host,
            ["Brick:RetryLimit"] = "0",
            ["Brick:QmpDirectory"] = qmp.FullName,
            ["Brick:LockDirectory"] = Path.Combine(qmp.FullName, "locks"),
        });
        if (logs is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddSingleton<IHypervisor>(hypervisor);
        builder.Services.AddBlockresizeCore();
        builder.Services.AddConsumerBusInMemory<BlockresizeConsumer, GuestFailureRecorder>(BlockresizeConsumer.Endpoint, (_, memory) =>
            {
                memory.ReceiveEndpoint(EntityNames.BlockresizeErrorQueue(OutcomeOracle.Host), e =>
                {
                    e.ConfigureConsumeTopology = false;
                    e.AddDeserializer(InboundDeserializer.Raw(int.MaxValue), isDefault: true);
                    e.AddDeserializer(InboundDeserializer.Envelope(int.MaxValue));
                    e.Handler<InboundRequest>(c => harness!._errorQueue.Writer.WriteAsync(ErrorQueueCopy.Of(c.ReceiveContext)).AsTask());
                });
                memory.ReceiveEndpoint("test-guest-outcomes", e =>
                {
                    e.ConfigureConsumeTopology = false;
                    e.Bind(EntityNames.GuestDiskResizedExchange, MassTransit.Transports.Fabric.ExchangeType.Topic, "#");
                    e.Bind(EntityNames.GuestDiskResizeFailedExchange, MassTransit.Transports.Fabric.ExchangeType.Topic, "#");
                    e.Handler<GuestDiskResized>(c => harness!._published.Writer.WriteAsync(c.Message).AsTask());
                    e.Handler<GuestDiskResizeFailed>(c => harness!._published.Writer.WriteAsync(c.Message).AsTask());
                });
            });
        harness = new InMemoryBlockresize(builder.Build(), qmp, hypervisor);
        await harness._app.StartAsync(TestContext.Current.CancellationToken);
        return harness;
    }

    /// <summary>Sends <paramref name="body"/> as it is, with <paramref name="contentType"/> as given (null: none), to blockresize's queue.</summary>
    public async Task SendAsync(byte[] body, string? contentType, Guid messageId)
    {
        var endpoint = await _app.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{EntityNames.BlockresizeQueue(OutcomeOracle.Host)}"));
        await endpoint.Send(new Placeholder(), c =>
        {
            c.MessageId = messageId;
            c.Serializer = new CopyBodySerializer(new AsSent(contentType), new BytesMessageBody(body));
        }, TestContext.Current.CancellationToken);
    }

    /// <summary>The next message moved to the error queue.</summary>
    public async Task<ErrorQueueCopy> NextErrorQueueCopyAsync(TimeSpan limit)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(limit);
        return await _errorQueue.Reader.ReadAsync(cancel.Token);
    }

    /// <summary>Every guest outcome published and not read yet, taken.</summary>
    public IReadOnlyList<object> TakePublished()
    {
        var taken = new List<object>();
        while (_published.Reader.TryRead(out var message))
            taken.Add(message);
        return taken;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        _app.Dispose();
        _qmp.Delete(recursive: true);
    }

    private sealed record Placeholder;

    /// <summary>A content type the in-memory transport writes as given, any text or none.</summary>
    private sealed class AsSent(string? text) : System.Net.Mime.ContentType
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
}

/// <summary>A hypervisor with no guest that counts every question asked of it; each listing is signalled.</summary>
internal sealed class CountingHypervisor : IHypervisor
{
    private readonly Channel<bool> _asked = Channel.CreateUnbounded<bool>();
    private int _calls;

    public string Name => "counting";

    /// <summary>How many calls of any kind were made.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public Task<GuestListing> ListDisksAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        _asked.Writer.TryWrite(true);
        return Task.FromResult(new GuestListing([], []));
    }

    public Task ResizeAsync(GuestDisk disk, long sizeBytes, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return Task.CompletedTask;
    }

    /// <summary>Waits for the next listing, up to <paramref name="limit"/>; false if none came.</summary>
    public async Task<bool> AskedAsync(TimeSpan limit)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(limit);
        try
        {
            return await _asked.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Forgets the listings signalled so far.</summary>
    public void Drain()
    {
        while (_asked.Reader.TryRead(out _))
        {
        }
    }
}
