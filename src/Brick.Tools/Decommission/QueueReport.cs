namespace Brick.Tools.Decommission;

/// <summary>What a decommission found, and did, in one of the host's queues.</summary>
/// <param name="Queue">The queue's name.</param>
/// <param name="Existed">Whether the broker had it.</param>
/// <param name="Messages">The messages it held when it was looked at.</param>
/// <param name="Consumers">Its consumers then (any one stops the decommission).</param>
/// <param name="Saved">The messages taken off it and written to the file.</param>
/// <param name="Deleted">Whether it was deleted.</param>
public sealed record QueueReport(string Queue, bool Existed, uint Messages, uint Consumers, int Saved = 0, bool Deleted = false);
