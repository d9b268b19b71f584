using Brick.Contracts;
using Brick.Engine.Telemetry;
using Brick.Service.Settings;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Brick.Service.Messaging;

/// <summary>
/// The receive endpoint <c>brick-worker.&lt;host&gt;</c>: its queue type, waiting for its binding from
/// <c>brick.volume-extended</c> (direct, key = host: <see cref="TopologyDeclarer"/>), both body formats, the retry policy for transient
/// failures, the concurrency bound, and the error and dead-letter pipes that give every failure a named reason.
/// </summary>
internal static class WorkerEndpoint
{
    /// <summary>The endpoint's queue name.</summary>
    public static string QueueName(IRegistrationContext context) => EntityNames.WorkerQueue(Settings(context).Host);

    /// <summary>Configures the endpoint; <paramref name="context"/> resolves the settings, the consumer and the filters.</summary>
    public static void Configure(IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
    {
        var settings = Settings(context);
        endpoint.ConfigureConsumeTopology = false;
        // No MassTransit Fault<T> events: the contract's failure event replaces them, and each would be published to an
        // exchange of its own (MassTransit:Fault--…), declared on the consuming channel, which a host's own broker user
        // may not declare: the refusal would close that channel and hand the message back, again and again.
        endpoint.PublishFaults = false;
        // Messages wait in the engine, not in the broker, so that events of one volume arrive together and are answered
        // by one operation; MaxConcurrency bounds the operations, PrefetchCount the messages in hand.
        endpoint.PrefetchCount = Math.Max(settings.PrefetchCount, settings.MaxConcurrency);
        endpoint.ConcurrentMessageLimit = endpoint.PrefetchCount;

        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            ConfigureRabbitMq(rabbit, settings);
            // Its binding from brick.volume-extended is the TopologyDeclarer's (MassTransit would declare that shared
            // exchange, which a host's own broker user may not): consume once it is there.
            if (context.GetService<TopologyDeclarer>() is { } declarer)
                endpoint.AddDependency(declarer);
            // A body above MaxReceivedBytes faults the endpoint (its connection refuses it); the guard takes it off the queue.
            if (context.GetService<OversizedBodyGuard>() is { } guard)
                endpoint.ConnectReceiveEndpointObserver(guard);
        }
        else if (endpoint is IInMemoryReceiveEndpointConfigurator memory)
            memory.Bind(EntityNames.VolumeExtendedExchange, MassTransit.Transports.Fabric.ExchangeType.Direct, settings.Host);

        // Both bodies of the contract, and any other content type, are read by one reader, once per delivery.
        endpoint.AddDeserializer(InboundDeserializer.Raw(settings.MaxMessageBytes), isDefault: true);
        endpoint.AddDeserializer(InboundDeserializer.Envelope(settings.MaxMessageBytes));

        // No retry policy at all for RetryLimit 0: MassTransit's exponential policy with no retries fails every
        // transient try with an IndexOutOfRangeException instead of handing it to the error pipe.
        if (settings.RetryLimit > 0)
        {
            endpoint.UseMessageRetry(retry =>
            {
                retry.Handle<TransientFailureException>();
                retry.Handle<OutcomeNotPublishedException>();
                retry.Exponential(settings.RetryLimit, settings.RetryInitialDelay, settings.RetryMaxDelay, settings.RetryInitialDelay);
                retry.ConnectRetryObserver(new RetryMetricsObserver(context.GetRequiredService<BrickMetrics>()));
            });
        }

        var errorQueue = new ErrorQueueFilter(context.GetRequiredService<FailureRecorder>(), context.GetRequiredService<DeliveryCounter>());
        endpoint.ConfigureError(pipe => pipe.UseFilter(errorQueue));
        endpoint.ConfigureDeadLetter(pipe => pipe.UseFilter(new UnconsumedToErrorFilter(errorQueue)));

        endpoint.ConfigureConsumer<VolumeExtendedConsumer>(context);
        endpoint.ConnectReceiveEndpointObserver(new ConsumingLog(context.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConsumingLog))));
    }

    private static WorkerSettings Settings(IRegistrationContext context) => context.GetRequiredService<IOptions<WorkerSettings>>().Value;

    private static void ConfigureRabbitMq(IRabbitMqReceiveEndpointConfigurator endpoint, WorkerSettings settings)
    {
        if (settings.QueueType == QueueKind.Quorum)
            endpoint.SetQuorumQueue();
    }
}
