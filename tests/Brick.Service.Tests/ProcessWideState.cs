namespace Brick.Service.Tests;

/// <summary>
/// What the whole test process shares: the <c>Brick.Worker</c> meter, which an exporter reads whole (any worker beside
/// a Prometheus check would add its requests to the counts the check expects), and the console. A test that counts the
/// meter's figures, records many of them, or replaces the console runs in this collection, one at a time and after the
/// parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideState
{
    public const string Name = "process-wide state";
}
