using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Brick.Service.Hosting;

/// <summary>The generic host of <c>brick-worker run</c>, on the consumers' skeleton (<see cref="ConsumerApplication"/>).</summary>
public static class WorkerApplication
{
    /// <summary>
    /// The host of <see cref="WorkerServices.AddWorkerService"/> with <paramref name="overrides"/> strongest;
    /// <paramref name="configure"/> adds to it (a simulated host). Bad settings throw one
    /// <see cref="OptionsValidationException"/> naming each, here or when the host starts.
    /// </summary>
    public static IHost Build(IReadOnlyDictionary<string, string?> overrides, Action<IHostApplicationBuilder>? configure = null) =>
        ConsumerApplication.Build(overrides, services => services.AddWorkerService(), configure);
}
