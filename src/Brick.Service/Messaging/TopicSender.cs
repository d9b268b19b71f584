using System.Globalization;
using Brick.Service.Settings;
using MassTransit;
using MassTransit.Context;
using MassTransit.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Brick.Service.Messaging;

/// <summary>
/// Sends a message to one of the contract's topic exchanges with the host as routing key, persistent, and waits for
/// the broker's confirm within <c>PublishTimeout</c>: a MassTransit envelope, or the bare object when
/// <see cref="OutputFormat.Raw"/> is set. Shared by every publisher of outcomes (<c>run</c>'s and <c>blockresize</c>'s).
/// </summary>
/// <remarks>
/// Sent through the bus, on a channel of its own, never through a consume context: MassTransit sends from a consume
/// context on the channel the message came on, and a broker that refuses the outcome (a user denied write on the
/// exchange: <c>ACCESS_REFUSED</c>) closes that channel, which hands the message back unacknowledged, to be run again
/// and refused again, without end. On a channel of its own the refusal is an exception the caller handles.
/// <para>
/// On RabbitMQ the send endpoint is the service's own exchange <paramref name="ownExchange"/> (its endpoint's, which
/// MassTransit declares anyway), and the message is published to the topic exchange by the send context's transport
/// properties (<c>RMQ-Exchange</c>, <c>RMQ-RoutingKey</c>: what MassTransit's outbox uses to restore where a message
/// goes). MassTransit declares the exchange of every send endpoint before it publishes (<c>exchange.declare</c>, which
/// needs configure permission on it even when it exists), and configure on a shared exchange would let a host delete
/// it: so the service declares only its own, and needs only write permission (and the topic permission of its own
/// routing key) on the exchange it publishes to, which must exist (the worker's start declares it where it may, the
/// operator's definitions otherwise). Without an own exchange (<c>cinder-bridge</c>, a control plane's component whose
/// user may declare what it publishes to) the message is sent to the address given to <see cref="SendAsync{T}"/> itself.
/// </para>
/// </remarks>
internal sealed class TopicSender(EndpointSettings settings, IServiceProvider services, string? ownExchange = null)
{
    private readonly IMessageSerializer? _raw = settings.Output == OutputFormat.Raw
        ? new SystemTextJsonRawMessageSerializer(RawSerializerOptions.AddTransportHeaders)
        : null;

    /// <summary>The send address of the topic exchange <paramref name="name"/>.</summary>
    public static Uri Exchange(string name) => new($"exchange:{name}?type=topic");

    /// <summary>The name of the exchange of <paramref name="address"/> (made by <see cref="Exchange"/>).</summary>
    private static string ExchangeName(Uri address) => address.AbsolutePath;

    /// <summary>
    /// The full address of the topic exchange of <paramref name="address"/> on the broker of <paramref name="sentTo"/>
    /// (the own exchange's, <c>rabbitmq://host/vhost/brick-worker.HOST</c>), as MassTransit writes a send endpoint's
    /// address into the envelope: <c>rabbitmq://host/vhost/brick.host-volume-resized?type=topic</c>.
    /// </summary>
    private static Uri? TopicAddress(Uri? sentTo, Uri address)
    {
        if (sentTo is null)
            return null;
        var full = new UriBuilder(sentTo);
        full.Path = full.Path[..(full.Path.LastIndexOf('/') + 1)] + ExchangeName(address);
        full.Query = "type=topic";
        return full.Uri;
    }

    /// <summary>The bus's own send endpoints, resolved when first needed (the error pipes that send are built with the bus).</summary>
    private ISendEndpointProvider Endpoints => services.GetRequiredService<IBus>();

    /// <summary>
    /// Sends <paramref name="message"/> to <paramref name="address"/> within <c>PublishTimeout</c>: MassTransit tries a
    /// send the broker refuses again and again until it is cancelled, so without a limit the publish would never end.
    /// </summary>
    public async Task SendAsync<T>(Uri address, T message, string host, string? correlationId, CancellationToken cancellationToken)
        where T : class
    {
        var timeout = settings.PublishTimeout;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            var redirect = ownExchange is not null && services.GetRequiredService<IBus>().Address.Scheme != "loopback";
            var endpoint = await Endpoints.GetSendEndpoint(redirect ? new Uri($"exchange:{ownExchange}") : address);
            await endpoint.Send(message, context =>
            {
                if (redirect && context is TransportSendContext transport)
                {
                    transport.ReadPropertiesFrom(new Dictionary<string, object>
                    {
                        ["RMQ-Exchange"] = ExchangeName(address),
                        ["RMQ-RoutingKey"] = host,
                    });
                    context.DestinationAddress = TopicAddress(context.DestinationAddress, address);
                }

                context.SetRoutingKey(host);
                context.Durable = true;
                context.CorrelationId = Correlation.AsGuid(correlationId);
                if (_raw is not null)
                    context.Serializer = _raw;
            }, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A publish the broker never confirms may be a connection that stalled (Composition.ConsumerStallGuard).
            services.GetService<ConnectionSuspicion>()?.Raise($"{typeof(T).Name} was not confirmed within PublishTimeout");
            // No inner exception: MassTransit takes an exception whose innermost one is a cancellation for the
            // consumer's own cancellation (ConsumerCanceledException), which no retry policy or error pipe would know.
            throw new TimeoutException(
                $"The broker did not take {typeof(T).Name} within {timeout.ToString("c", CultureInfo.InvariantCulture)} (PublishTimeout): it refuses it (may this user write to the exchange?) or cannot be reached.");
        }
    }
}
