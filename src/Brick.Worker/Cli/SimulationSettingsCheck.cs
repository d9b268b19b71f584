using Brick.Service.Settings;
using Brick.Simulation.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Brick.Worker.Cli;

/// <summary>
/// The simulated host's own check of its settings (<c>Brick:Simulation</c>, <see cref="SimulatedHostServices.SettingsProblems"/>)
/// joined to the worker's one check for <c>run --simulate</c>: its problems are named with the worker's, one line each,
/// whichever part reads the settings first (exit 2).
/// </summary>
internal sealed class SimulationSettingsCheck(IConfiguration configuration) : IValidateOptions<EngineSettings>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EngineSettings options) =>
        SimulatedHostServices.SettingsProblems(configuration) is { Count: > 0 } problems
            ? ValidateOptionsResult.Fail(problems)
            : ValidateOptionsResult.Success;
}
