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
        var synchronized = TextWriter.Synchronized(captured);
        Console.SetOut(synchronized);
        try
        {
            var result = await action();
            // Read under the writer's own lock: a logger's thread may still be writing.
            lock (synchronized)
                return (result, captured.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }
}
