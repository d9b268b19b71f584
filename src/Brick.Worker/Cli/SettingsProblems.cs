using Brick.Service.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Brick.Worker.Cli;

/// <summary>Tells the user every bad setting of a command, one line each, in their words, and no stack trace.</summary>
internal static class SettingsProblems
{
    /// <summary>
    /// Runs <paramref name="read"/> (what first reads the settings) and gathers the option problems of
    /// <paramref name="given"/> and the settings' own; writes them to <paramref name="stderr"/> and returns false when there are any.
    /// </summary>
    public static async Task<bool> NoneAsync(GivenSettings given, Action read, TextWriter stderr)
    {
        var problems = new List<string>(given.Problems);
        try
        {
            read();
        }
        catch (OptionsValidationException e)
        {
            problems.AddRange(e.Failures.Select(given.InUserWords));
        }

        foreach (var problem in problems)
            await stderr.WriteLineAsync(problem);
        return problems.Count == 0;
    }

    /// <summary>Reads every concern's settings of <paramref name="services"/> (<see cref="SettingsCheck"/>): throws naming every problem at once.</summary>
    public static void Check(IServiceProvider services) => services.GetRequiredService<SettingsCheck>().ThrowIfAny();
}
