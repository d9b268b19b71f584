using Brick.Engine.Outcomes;
using Brick.Engine.Requests;

namespace Brick.Engine.Operations;

/// <summary>One request waiting for its volume's turn, or in the operation that answers it.</summary>
internal sealed class PendingRequest(ExtendRequest request, string key, long deadline)
{
    public ExtendRequest Request { get; } = request;

    /// <summary>Its <see cref="TargetKey"/>: requests with one key are answered by one operation.</summary>
    public string Key { get; } = key;

    /// <summary>The clock's timestamp after which it is not waited for any more.</summary>
    public long Deadline { get; } = deadline;

    public TaskCompletionSource<ExtendOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether it is in a running operation (else it waits); changed under the turns' lock.</summary>
    public bool Running { get; set; }

    /// <summary>Whether it was put back once after its operation fell short of a larger size.</summary>
    public bool Requeued { get; set; }

    /// <summary>Whether its caller has stopped waiting (cancelled).</summary>
    public bool Abandoned { get; set; }
}
