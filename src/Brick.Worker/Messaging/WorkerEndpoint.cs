using Brick.Contracts;
using Brick.Worker.Service;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Brick.Worker.Messaging;

/// <summary>
/// The receive endpoint <c>brick-worker.&lt;host&gt;</c>: its queue type, its binding to <c>brick.volume-extended</c>
/// (direct, key = host, alternate exchange <c>brick.unrouted</c>), both body formats, the retry policy for transient
/// failures, the concurrency bound, and the error and dead-letter pipes that give every failure a named reason.
/// </summary>
public static class WorkerEndpoint
{
    /// <summary>Configures the endpoint; <paramref name="context"/> resolves the consumer and filters.</summary>
    public static void Configure(IReceiveEndpointConfigurator endpoint, IRegistrationContext context, WorkerOptions options)
    {
        endpoint.ConfigureConsumeTopology = false;
        endpoint.PrefetchCount = options.MaxConcurrency * 2;
        endpoint.ConcurrentMessageLimit = options.MaxConcurrency;

        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
            ConfigureRabbitMq(rabbit, options);
        else if (endpoint is IInMemoryReceiveEndpointConfigurator memory)
            memory.Bind(EntityNames.VolumeExtendedExchange, MassTransit.Transports.Fabric.ExchangeType.Direct, options.Host);

        // No content type, or application/json: the body is the message itself. The envelope deserializer stays
        // registered for application/vnd.masstransit+json.
        endpoint.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: true);

        endpoint.UseMessageRetry(retry =>
        {
            retry.Handle<TransientFailureException>();
            retry.Exponential(options.RetryLimit, options.RetryInitialDelay, options.RetryMaxDelay, options.RetryInitialDelay);
        });

        var errorQueue = new ErrorQueueFilter(context.GetRequiredService<FailureRecorder>());
        endpoint.ConfigureError(pipe => pipe.UseFilter(errorQueue));
        endpoint.ConfigureDeadLetter(pipe => pipe.UseFilter(new UnconsumedToErrorFilter(errorQueue)));

        endpoint.ConfigureConsumer<VolumeExtendedConsumer>(context);
    }

    private static void ConfigureRabbitMq(IRabbitMqReceiveEndpointConfigurator endpoint, WorkerOptions options)
    {
        if (options.QueueType == QueueKind.Quorum)
            endpoint.SetQuorumQueue();
        endpoint.Bind(EntityNames.VolumeExtendedExchange, binding =>
        {
            binding.ExchangeType = ContractTopology.VolumeExtendedExchangeType;
            binding.Durable = true;
            binding.AutoDelete = false;
            binding.RoutingKey = options.Host;
            foreach (var (key, value) in ContractTopology.VolumeExtendedArguments)
                binding.SetExchangeArgument(key, value);
        });
    }
}
