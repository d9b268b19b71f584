namespace Brick.Service.Tests;

/// <summary>
/// The process's <c>Brick.Worker</c> meter, which an exporter reads whole: a test that counts its figures, or one that
/// records many of them, runs in this collection, one at a time and after the parallel tests (any worker beside a
/// Prometheus check would add its requests to the counts the check expects).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMeter
{
    public const string Name = "process meter";
}
