using Brick.Engine.Telemetry;
using Brick.Service.Settings;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Brick.Service.Messaging;

/// <summary>
/// The receive endpoint of every consumer (<see cref="ConsumerEndpoint{TConsumer}"/>): its queue type, waiting for its
/// host's binding (<see cref="TopologyDeclarer"/>), the oversized-body guard, both body formats, the retry policy for
/// its transient failures, the concurrency bound, the error and dead-letter pipes that give every failure a named
/// reason, and the consuming log.
/// </summary>
internal static class ConsumerEndpoints
{
    /// <summary>Configures <paramref name="endpoint"/> as <paramref name="consumer"/> says; <paramref name="context"/> resolves the settings, the consumer and the filters.</summary>
    public static void Configure<TConsumer>(IReceiveEndpointConfigurator endpoint, IRegistrationContext context, ConsumerEndpoint<TConsumer> consumer)
        where TConsumer : class, IConsumer
    {
        var settings = context.Settings<EndpointSettings>();
        endpoint.ConfigureConsumeTopology = false;
        // No MassTransit Fault<T> events: the contracts' failure events replace them, and each would be published to an
        // exchange of its own (MassTransit:Fault--…), declared on the consuming channel, which a host's own broker user
        // may not declare: the refusal would close that channel and hand the message back, again and again.
        endpoint.PublishFaults = false;
        // PrefetchCount bounds the messages in hand (never fewer than MaxConcurrency); the consumer's own bound, where
        // it has one, the deliveries worked on at once (run's wait in the engine, which bounds its operations itself).
        endpoint.PrefetchCount = Math.Max(settings.PrefetchCount, settings.MaxConcurrency);
        endpoint.ConcurrentMessageLimit = consumer.ConcurrentMessages is { } bound ? Math.Min(bound(context), endpoint.PrefetchCount) : endpoint.PrefetchCount;

        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            if (settings.QueueType == QueueKind.Quorum)
                rabbit.SetQuorumQueue();
            // Its host's binding is the TopologyDeclarer's (MassTransit would declare the shared exchange, which a
            // host's own broker user may not): consume once it is there.
            if (context.GetService<TopologyDeclarer>() is { } declarer && consumer.Topology is not null)
                endpoint.AddDependency(declarer);
            // A body above MaxReceivedBytes faults the endpoint (its connection refuses it); the guard takes it off the queue.
            if (context.GetService<OversizedBodyGuard>() is { } guard)
                endpoint.ConnectReceiveEndpointObserver(guard);
            consumer.OnRabbitMq?.Invoke(rabbit, context);
        }
        else if (endpoint is IInMemoryReceiveEndpointConfigurator memory)
            consumer.OnInMemory?.Invoke(memory, context);

        // Both bodies of the contract, and any other content type, are read by one reader, once per delivery.
        endpoint.AddDeserializer(InboundDeserializer.Raw(settings.MaxMessageBytes), isDefault: true);
        endpoint.AddDeserializer(InboundDeserializer.Envelope(settings.MaxMessageBytes));

        var deliveries = context.GetService<DeliveryCounter>();
        // A message that has had its answer is moved again, neither run nor retried (first in the pipe: no retry sees it).
        if (deliveries is not null)
            endpoint.UseFilter(new AlreadyAnsweredFilter(deliveries));

        // No retry policy at all for RetryLimit 0: MassTransit's exponential policy with no retries fails every
        // transient try with an IndexOutOfRangeException instead of handing it to the error pipe.
        if (settings.RetryLimit > 0)
        {
            endpoint.UseMessageRetry(retry =>
            {
                foreach (var transient in consumer.Transient)
                    retry.Handle(transient);
                retry.Exponential(settings.RetryLimit, settings.RetryInitialDelay, settings.RetryMaxDelay, settings.RetryInitialDelay);
                retry.ConnectRetryObserver(new RetryMetricsObserver(context.GetRequiredService<BrickMetrics>()));
            });
        }

        var errorQueue = new ErrorQueueFilter(context.GetRequiredService<IFailureRecorder>(), deliveries,
            context.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ErrorQueueFilter)), consumer.Scope);
        endpoint.ConfigureError(pipe => pipe.UseFilter(errorQueue));
        endpoint.ConfigureDeadLetter(pipe => pipe.UseFilter(new UnconsumedToErrorFilter(errorQueue, consumer.Unconsumed, consumer.Scope)));

        endpoint.ConfigureConsumer<TConsumer>(context);
        endpoint.ConnectReceiveEndpointObserver(new ConsumingLog(
            context.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConsumingLog)), consumer.Messages));
    }
}
