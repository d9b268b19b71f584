namespace Brick.Worker.Tests.Cli;

/// <summary>
/// The process's console, where the logs of the service's commands go: tests that read it run one at a time
/// (<see cref="Name"/> is a collection without parallelism).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleOutput
{
    public const string Name = "console output";

    /// <summary>Runs <paramref name="action"/> with the console's stdout captured.</summary>
    public static async Task<(T Result, string Output)> CaptureAsync<T>(Func<Task<T>> action)
    {
        var original = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(TextWriter.Synchronized(captured));
        try
        {
            return (await action(), captured.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }
}
