namespace Brick.Service.Composition;

/// <summary>How many consumers the broker sees on the service's own queue.</summary>
internal interface IQueueConsumers
{
    /// <summary>The queue the count is of.</summary>
    string Queue { get; }

    /// <summary>The broker's consumer count of <see cref="Queue"/>, or null where the broker could not be asked (unreachable, refused).</summary>
    Task<uint?> CountAsync(CancellationToken cancellationToken);
}
