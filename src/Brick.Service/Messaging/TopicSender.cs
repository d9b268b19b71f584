using Brick.Service.Settings;
using MassTransit;
using MassTransit.Serialization;

namespace Brick.Service.Messaging;

/// <summary>
/// Sends a message to one of the contract's topic exchanges with the host as routing key, persistent, and waits for
/// the broker's confirm: a MassTransit envelope, or the bare object when <see cref="OutputFormat.Raw"/> is set. Shared by
/// every publisher of outcomes (<c>run</c>'s and <c>blockresize</c>'s).
/// </summary>
internal sealed class TopicSender(WorkerSettings settings)
{
    private readonly IMessageSerializer? _raw = settings.Output == OutputFormat.Raw
        ? new SystemTextJsonRawMessageSerializer(RawSerializerOptions.AddTransportHeaders)
        : null;

    /// <summary>The send address of the topic exchange <paramref name="name"/>.</summary>
    public static Uri Exchange(string name) => new($"exchange:{name}?type=topic");

    /// <summary>Sends <paramref name="message"/> to <paramref name="address"/> through <paramref name="endpoints"/>.</summary>
    public async Task SendAsync<T>(
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
