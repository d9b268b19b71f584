using Brick.Contracts;
using Brick.Service.Settings;
using MassTransit;
using MassTransit.Serialization;
using Microsoft.Extensions.Options;

namespace Brick.Service.Messaging;

/// <summary>
/// Publishes outcomes to the contract's topic exchanges with the host as routing key, persistent, and waits for the
/// broker's confirm. Written as a MassTransit envelope, or as the bare object when <see cref="OutputFormat.Raw"/> is set.
/// </summary>
internal sealed class OutcomePublisher(IOptions<WorkerSettings> settings)
{
    private static readonly Uri ResizedAddress = new($"exchange:{EntityNames.HostVolumeResizedExchange}?type=topic");
    private static readonly Uri FailedAddress = new($"exchange:{EntityNames.HostVolumeResizeFailedExchange}?type=topic");
    private readonly IMessageSerializer? _raw = settings.Value.Output == OutputFormat.Raw
        ? new SystemTextJsonRawMessageSerializer(RawSerializerOptions.AddTransportHeaders)
        : null;

    /// <summary>Publishes a success through <paramref name="endpoints"/> (the consume context, or the receive context's provider).</summary>
    public Task PublishAsync(ISendEndpointProvider endpoints, HostVolumeResized message, CancellationToken cancellationToken) =>
        SendAsync(endpoints, ResizedAddress, message, message.Host, message.CorrelationId, cancellationToken);

    /// <summary>Publishes a failure through <paramref name="endpoints"/>.</summary>
    public Task PublishAsync(ISendEndpointProvider endpoints, HostVolumeResizeFailed message, CancellationToken cancellationToken) =>
        SendAsync(endpoints, FailedAddress, message, message.Host, message.CorrelationId, cancellationToken);

    private async Task SendAsync<T>(
        ISendEndpointProvider endpoints, Uri address, T message, string host, string? correlationId, CancellationToken cancellationToken)
        where T : class
    {
        var endpoint = await endpoints.GetSendEndpoint(address);
        await endpoint.Send(message, context =>
        {
            context.SetRoutingKey(host);
            context.Durable = true;
            context.CorrelationId = Correlation.AsGuid(correlationId);
            if (_raw is not null)
                context.Serializer = _raw;
        }, cancellationToken);
    }
}
