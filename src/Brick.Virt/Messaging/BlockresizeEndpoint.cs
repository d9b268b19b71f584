using Brick.Contracts;
using Brick.Engine.Telemetry;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Brick.Virt.Messaging;

/// <summary>
/// The receive endpoint <c>brick-blockresize.&lt;host&gt;</c>: consuming once it is bound from <c>brick.host-volume-resized</c>
/// (topic) with the host as key (<see cref="TopologyDeclarer"/>), its queue type as <c>run</c>'s, both body formats read by the worker's own deserializer, the same retry
/// policy and concurrency bound, and the error and dead-letter pipes that give every failure a named reason.
/// </summary>
internal static class BlockresizeEndpoint
{
    /// <summary>The endpoint's queue name.</summary>
    public static string QueueName(IRegistrationContext context) => EntityNames.BlockresizeQueue(Settings(context).Host);

    /// <summary>Configures the endpoint.</summary>
    public static void Configure(IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
    {
        var settings = Settings(context);
        endpoint.ConfigureConsumeTopology = false;
        // No MassTransit Fault<T> events: the contract's failure event replaces them, and each would be published to an
        // exchange of its own (MassTransit:Fault--…), declared on the consuming channel, which a host's own broker user
        // may not declare: the refusal would close that channel and hand the message back, again and again.
        endpoint.PublishFaults = false;
        endpoint.PrefetchCount = settings.MaxConcurrency * 2;
        endpoint.ConcurrentMessageLimit = settings.MaxConcurrency;

        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            if (settings.QueueType == QueueKind.Quorum)
                rabbit.SetQuorumQueue();
            // Its binding from brick.host-volume-resized is the TopologyDeclarer's (MassTransit would declare that shared
            // exchange, which a host's own broker user may not): consume once it is there.
            if (context.GetService<TopologyDeclarer>() is { } declarer)
                rabbit.AddDependency(declarer);
            // A body above MaxReceivedBytes faults the endpoint (its connection refuses it); the guard takes it off the queue.
            if (context.GetService<OversizedBodyGuard>() is { } guard)
                endpoint.ConnectReceiveEndpointObserver(guard);
        }

        endpoint.AddDeserializer(InboundDeserializer.Raw(settings.MaxMessageBytes), isDefault: true);
        endpoint.AddDeserializer(InboundDeserializer.Envelope(settings.MaxMessageBytes));

        if (settings.RetryLimit > 0)
        {
            endpoint.UseMessageRetry(retry =>
            {
                retry.Handle<TransientGuestResizeException>();
                retry.Handle<OutcomeNotPublishedException>();
                retry.Exponential(settings.RetryLimit, settings.RetryInitialDelay, settings.RetryMaxDelay, settings.RetryInitialDelay);
                retry.ConnectRetryObserver(new RetryMetricsObserver(context.GetRequiredService<BrickMetrics>()));
            });
        }

        var errors = context.GetRequiredService<BlockresizeErrorFilter>();
        endpoint.ConfigureError(pipe => pipe.UseFilter(errors));
        endpoint.ConfigureDeadLetter(pipe => pipe.UseFilter(new BlockresizeUnconsumedFilter(errors)));
        endpoint.ConfigureConsumer<BlockresizeConsumer>(context);
    }

    private static WorkerSettings Settings(IRegistrationContext context) => context.GetRequiredService<IOptions<WorkerSettings>>().Value;
}
