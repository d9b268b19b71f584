using Brick.Engine.Core;
using Brick.Engine.Programs;
using Brick.Engine.Operations;
using Brick.Engine.Kernel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Brick.Worker.Service;

/// <summary>Builds the one engine of the process from the settings: the configured roots and programs, CliWrap as runner.</summary>
public static class EngineFactory
{
    /// <summary>The production engine.</summary>
    public static VolumeExtender Create(IServiceProvider services, WorkerOptions options) => new(
        new KernelRoots(options.SysRoot, options.DevRoot),
        new ProgramPaths(options.Multipathd, options.Cryptsetup, options.Losetup),
        new CliWrapCommandRunner(services.GetRequiredService<ILogger<CliWrapCommandRunner>>()),
        EngineOptionsFor(options),
        services.GetRequiredService<TimeProvider>(),
        services.GetRequiredService<ILogger<VolumeExtender>>());

    /// <summary>The engine's bounds from the settings.</summary>
    public static EngineOptions EngineOptionsFor(WorkerOptions options) => new()
    {
        OperationTimeout = options.OperationTimeout,
        PathWaitTimeout = options.PathWaitTimeout,
        MaxConcurrentOperations = options.MaxConcurrency,
        CryptKeyDirectory = options.CryptKeyDirectory,
    };
}
