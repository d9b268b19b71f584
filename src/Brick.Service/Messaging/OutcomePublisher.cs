using System.Globalization;
using Brick.Contracts;
using Brick.Service.Settings;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Brick.Service.Messaging;

/// <summary>
/// Publishes outcomes to the contract's topic exchanges with the host as routing key, persistent, and waits for the
/// broker's confirm. Written as a MassTransit envelope, or as the bare object when <see cref="OutputFormat.Raw"/> is set.
/// Sent through the bus, on a channel of its own, never through the consume context: MassTransit sends from a consume
/// context on the channel the message came on, and a broker that refuses the outcome (a user denied write on the
/// exchange: <c>ACCESS_REFUSED</c>) closes that channel, which hands the message back unacknowledged, to be run again
/// and refused again, without end. On a channel of its own the refusal is an exception the caller handles.
/// </summary>
internal sealed class OutcomePublisher(IOptions<WorkerSettings> settings, IServiceProvider services)
{
    private static readonly Uri ResizedAddress = TopicSender.Exchange(EntityNames.HostVolumeResizedExchange);
    private static readonly Uri FailedAddress = TopicSender.Exchange(EntityNames.HostVolumeResizeFailedExchange);
    private readonly TopicSender _sender = new(settings.Value);

    /// <summary>The bus's own send endpoints, resolved when first needed (the error pipe that uses this is built with the bus).</summary>
    private ISendEndpointProvider Endpoints => services.GetRequiredService<IBus>();

    /// <summary>Publishes a success.</summary>
    public Task PublishAsync(HostVolumeResized message, CancellationToken cancellationToken) =>
        SendAsync(ResizedAddress, message, message.Host, message.CorrelationId, cancellationToken);

    /// <summary>Publishes a failure.</summary>
    public Task PublishAsync(HostVolumeResizeFailed message, CancellationToken cancellationToken) =>
        SendAsync(FailedAddress, message, message.Host, message.CorrelationId, cancellationToken);

    /// <summary>
    /// Sends within <c>PublishTimeout</c>: MassTransit tries a send the broker refuses (<c>ACCESS_REFUSED</c> closes the
    /// channel) again and again until it is cancelled, so without a limit the publish would never end.
    /// </summary>
    private async Task SendAsync<T>(Uri address, T message, string host, string? correlationId, CancellationToken cancellationToken)
        where T : class
    {
        var timeout = settings.Value.PublishTimeout;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _sender.SendAsync(Endpoints, address, message, host, correlationId, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // No inner exception: MassTransit takes an exception whose innermost one is a cancellation for the
            // consumer's own cancellation (ConsumerCanceledException), which no retry policy or error pipe would know.
            throw new TimeoutException(
                $"The broker did not take {typeof(T).Name} within {timeout.ToString("c", CultureInfo.InvariantCulture)} (PublishTimeout): it refuses it (may this user write to the exchange?) or cannot be reached.");
        }
    }
}
