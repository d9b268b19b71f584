using Microsoft.Extensions.Configuration;

namespace Brick.Worker.Service;

/// <summary>
/// Reads and checks <see cref="WorkerOptions"/> before anything starts. A bad setting (a value that does not convert, an
/// unknown key in the <c>Brick</c> section, a rule broken) becomes a <see cref="SettingsException"/> naming each one.
/// </summary>
public static class SettingsLoader
{
    /// <summary>Binds the <c>Brick</c> section strictly and validates it.</summary>
    public static WorkerOptions Load(IConfiguration configuration)
    {
        var options = new WorkerOptions();
        try
        {
            configuration.GetSection(WorkerOptions.Section).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            throw new SettingsException([Describe(e)]);
        }

        var problems = WorkerOptionsValidator.Problems(options);
        return problems.Count == 0 ? options : throw new SettingsException(problems);
    }

    private static string Describe(InvalidOperationException e) =>
        e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
}

/// <summary>The settings are wrong; <see cref="Exception.Message"/> lists every problem, one per line.</summary>
public sealed class SettingsException(IReadOnlyList<string> problems)
    : Exception("Invalid settings:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
{
    /// <summary>Each problem, naming its setting.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
