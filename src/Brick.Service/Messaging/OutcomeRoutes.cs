using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Brick.Service.Messaging;

/// <summary>Where a consumer's outcomes go: a third consumer's are one more of these, on the consumer, beside its endpoint.</summary>
/// <param name="OwnExchange">The consumer's own exchange for a host (its queue's name: <see cref="TopicSender"/> sends through it).</param>
/// <param name="Succeeded">The topic exchange of its success.</param>
/// <param name="Failed">The topic exchange of its failure.</param>
/// <param name="OfSucceeded">A success's host (its routing key) and correlation id.</param>
/// <param name="OfFailed">A failure's host (its routing key) and correlation id.</param>
internal sealed record OutcomeRoutes<TSucceeded, TFailed>(
    Func<string, string> OwnExchange, string Succeeded, string Failed,
    Func<TSucceeded, (string Host, string? CorrelationId)> OfSucceeded, Func<TFailed, (string Host, string? CorrelationId)> OfFailed)
    where TSucceeded : class
    where TFailed : class;

/// <summary>Registers a consumer's <see cref="OutcomePublisher{TSucceeded, TFailed}"/>.</summary>
internal static class OutcomeRoutesServices
{
    /// <summary>Adds the publisher of the outcomes <paramref name="routes"/> names (once).</summary>
    public static IServiceCollection AddOutcomePublisher<TSucceeded, TFailed>(this IServiceCollection services, OutcomeRoutes<TSucceeded, TFailed> routes)
        where TSucceeded : class
        where TFailed : class
    {
        services.TryAddSingleton(routes);
        services.TryAddSingleton<OutcomePublisher<TSucceeded, TFailed>>();
        return services;
    }
}
