using Brick.Contracts;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using MassTransit;
using MassTransit.Serialization;
using Microsoft.Extensions.Options;

namespace Brick.Virt.Messaging;

/// <summary>
/// Publishes what blockresize did to <c>brick.guest-disk-resized</c> and <c>brick.guest-disk-resize-failed</c> (topic,
/// durable) with the host as routing key, persistent, confirmed by the broker; envelope or bare JSON as the
/// <c>Output</c> setting says, as <c>run</c> publishes its outcomes.
/// </summary>
internal sealed class GuestOutcomePublisher(IOptions<WorkerSettings> settings)
{
    private static readonly Uri ResizedAddress = new($"exchange:{EntityNames.GuestDiskResizedExchange}?type=topic");
    private static readonly Uri FailedAddress = new($"exchange:{EntityNames.GuestDiskResizeFailedExchange}?type=topic");
    private readonly IMessageSerializer? _raw = settings.Value.Output == OutputFormat.Raw
        ? new SystemTextJsonRawMessageSerializer(RawSerializerOptions.AddTransportHeaders)
        : null;

    /// <summary>Publishes a resized disk.</summary>
    public Task PublishAsync(ISendEndpointProvider endpoints, GuestDiskResized message, CancellationToken cancellationToken) =>
        SendAsync(endpoints, ResizedAddress, message, message.Host, message.CorrelationId, cancellationToken);

    /// <summary>Publishes a disk (or guest) that failed.</summary>
    public Task PublishAsync(ISendEndpointProvider endpoints, GuestDiskResizeFailed message, CancellationToken cancellationToken) =>
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
