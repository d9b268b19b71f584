namespace Brick.Engine.Tests.Support;

/// <summary>
/// What the whole test process shares: activity listeners (the runtime's list of them is walked while another test adds
/// or removes its own, and a listener can be missed then) and environment variables. Tests that touch either run in
/// this collection, one at a time and after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideState
{
    public const string Name = "process-wide state";
}
