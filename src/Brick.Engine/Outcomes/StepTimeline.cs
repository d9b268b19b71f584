using Brick.Engine.Core;

namespace Brick.Engine.Outcomes;

/// <summary>Records the steps of one operation against the engine's clock, and which step it is at.</summary>
internal sealed class StepTimeline(TimeProvider clock)
{
    private readonly long _start = clock.GetTimestamp();
    private readonly List<StepRecord> _steps = [];

    public IReadOnlyList<StepRecord> Steps => _steps;

    public TimeSpan Elapsed => clock.GetElapsedTime(_start);

    /// <summary>The step begun last (the first step before any has begun).</summary>
    public Step Current { get; private set; } = Step.All[0];

    /// <summary>Runs one step and records it, with the result <paramref name="describe"/> gives, or the failure it threw.</summary>
    public async Task<T> RunAsync<T>(Step step, Func<Task<T>> run, Func<T, string> describe)
    {
        Current = step;
        var begun = clock.GetTimestamp();
        try
        {
            var result = await run();
            Add(step, begun, describe(result), true);
            return result;
        }
        catch (ExtendFailedException e)
        {
            Add(step, begun, $"{e.Reason}: {e.Message}", false);
            throw;
        }
        catch (OperationCanceledException)
        {
            Add(step, begun, "cancelled", false);
            throw;
        }
    }

    public T Run<T>(Step step, Func<T> run, Func<T, string> describe) =>
        RunAsync(step, () => Task.FromResult(run()), describe).GetAwaiter().GetResult();

    private void Add(Step step, long begun, string result, bool succeeded) =>
        _steps.Add(new StepRecord(step, clock.GetElapsedTime(_start, begun) is var s && s < TimeSpan.Zero ? TimeSpan.Zero : s,
            clock.GetElapsedTime(begun), result, succeeded));
}
