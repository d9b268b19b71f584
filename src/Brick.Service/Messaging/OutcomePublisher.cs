using Brick.Service.Settings;
using Microsoft.Extensions.Options;

namespace Brick.Service.Messaging;

/// <summary>
/// Publishes a consumer's outcomes, its success and its failure, each to its topic exchange of the contract
/// (<see cref="OutcomeRoutes{TSucceeded, TFailed}"/>, on the consumer) with the host as routing key, persistent, confirmed by the
/// broker within <c>PublishTimeout</c>, on the bus's own channel; envelope or bare JSON as the <c>Output</c> setting
/// says (<see cref="TopicSender"/> says why). <c>run</c>'s publishes <c>HostVolumeResized</c> and
/// <c>HostVolumeResizeFailed</c>; <c>blockresize</c>'s <c>GuestDiskResized</c> and <c>GuestDiskResizeFailed</c>.
/// </summary>
/// <typeparam name="TSucceeded">The consumer's success.</typeparam>
/// <typeparam name="TFailed">The consumer's failure.</typeparam>
internal sealed class OutcomePublisher<TSucceeded, TFailed>(
    IOptions<EndpointSettings> settings, IOptions<HostSettings> host, IServiceProvider services, OutcomeRoutes<TSucceeded, TFailed> routes)
    where TSucceeded : class
    where TFailed : class
{
    private readonly Uri _succeeded = TopicSender.Exchange(routes.Succeeded);
    private readonly Uri _failed = TopicSender.Exchange(routes.Failed);
    private readonly TopicSender _sender = new(settings.Value, services, routes.OwnExchange(host.Value.Host));

    /// <summary>Publishes a success.</summary>
    public Task PublishAsync(TSucceeded message, CancellationToken cancellationToken)
    {
        var (routingHost, correlationId) = routes.OfSucceeded(message);
        return _sender.SendAsync(_succeeded, message, routingHost, correlationId, cancellationToken);
    }

    /// <summary>Publishes a failure.</summary>
    public Task PublishAsync(TFailed message, CancellationToken cancellationToken)
    {
        var (routingHost, correlationId) = routes.OfFailed(message);
        return _sender.SendAsync(_failed, message, routingHost, correlationId, cancellationToken);
    }
}
