using Brick.Engine.Telemetry;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Brick.Cinder.Messaging;

/// <summary>
/// The receive endpoint of Cinder's notifications: the bridge's own durable queue (<c>Brick:NotificationsQueue</c>, its
/// type as <c>run</c>'s), bound to Cinder's topic exchange (<c>Brick:NotificationsExchange</c>, declared as
/// oslo.messaging declares it) with <c>Brick:NotificationsTopic</c>; bodies read by <c>run</c>'s deserializer, the same
/// retry policy for sends the broker did not confirm, and the error and dead-letter pipes that give every failure a
/// named reason.
/// </summary>
internal static class CinderBridgeEndpoint
{
    /// <summary>The endpoint's queue name.</summary>
    public static string QueueName(IRegistrationContext context) => Settings(context).NotificationsQueue;

    /// <summary>Configures the endpoint.</summary>
    public static void Configure(IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
    {
        var settings = Settings(context);
        endpoint.ConfigureConsumeTopology = false;
        endpoint.PrefetchCount = settings.MaxConcurrency * 2;
        endpoint.ConcurrentMessageLimit = settings.MaxConcurrency;

        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            if (settings.QueueType == QueueKind.Quorum)
                rabbit.SetQuorumQueue();
            rabbit.Bind(settings.NotificationsExchange, binding =>
            {
                binding.ExchangeType = ExchangeType.Topic;
                binding.Durable = settings.NotificationsExchangeDurable;
                binding.AutoDelete = false;
                binding.RoutingKey = settings.NotificationsTopic;
            });
        }

        endpoint.AddDeserializer(InboundDeserializer.Raw(settings.MaxMessageBytes), isDefault: true);
        endpoint.AddDeserializer(InboundDeserializer.Envelope(settings.MaxMessageBytes));

        if (settings.RetryLimit > 0)
        {
            endpoint.UseMessageRetry(retry =>
            {
                retry.Handle<BridgeNotPublishedException>();
                retry.Exponential(settings.RetryLimit, settings.RetryInitialDelay, settings.RetryMaxDelay, settings.RetryInitialDelay);
                retry.ConnectRetryObserver(new RetryMetricsObserver(context.GetRequiredService<BrickMetrics>()));
            });
        }

        var errors = context.GetRequiredService<CinderBridgeErrorFilter>();
        endpoint.ConfigureError(pipe => pipe.UseFilter(errors));
        endpoint.ConfigureDeadLetter(pipe => pipe.UseFilter(new CinderBridgeUnconsumedFilter(errors)));
        endpoint.ConfigureConsumer<ResizeNotificationConsumer>(context);
    }

    private static WorkerSettings Settings(IRegistrationContext context) => context.GetRequiredService<IOptions<WorkerSettings>>().Value;
}
