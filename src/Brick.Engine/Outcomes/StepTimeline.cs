using Brick.Engine.Core;

namespace Brick.Engine.Outcomes;

/// <summary>Records the steps of one operation against the engine's clock.</summary>
internal sealed class StepTimeline(TimeProvider clock)
{
    private readonly long _start = clock.GetTimestamp();
    private readonly List<StepRecord> _steps = [];

    public IReadOnlyList<StepRecord> Steps => _steps;

    public TimeSpan Elapsed => clock.GetElapsedTime(_start);

    /// <summary>Runs one step and records it, with the result <paramref name="describe"/> gives, or the failure it threw.</summary>
    public async Task<T> RunAsync<T>(string name, Func<Task<T>> step, Func<T, string> describe)
    {
        var begun = clock.GetTimestamp();
        try
        {
            var result = await step();
            Add(name, begun, describe(result));
            return result;
        }
        catch (ExtendFailedException e)
        {
            Add(name, begun, $"{e.Reason}: {e.Message}");
            throw;
        }
        catch (OperationCanceledException)
        {
            Add(name, begun, "cancelled");
            throw;
        }
    }

    public T Run<T>(string name, Func<T> step, Func<T, string> describe) =>
        RunAsync(name, () => Task.FromResult(step()), describe).GetAwaiter().GetResult();

    private void Add(string name, long begun, string result) =>
        _steps.Add(new StepRecord(name, clock.GetElapsedTime(_start, begun) is var s && s < TimeSpan.Zero ? TimeSpan.Zero : s,
            clock.GetElapsedTime(begun), result));
}
