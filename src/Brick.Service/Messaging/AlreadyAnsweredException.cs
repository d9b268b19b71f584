namespace Brick.Service.Messaging;

/// <summary>
/// A redelivered message whose failure an earlier delivery published, its move to the error queue refused since
/// (<see cref="DeliveryCounter.Answered"/>): it goes to the error pipe without running again, and
/// <see cref="ErrorQueueFilter"/> moves it without publishing its failure a second time.
/// </summary>
/// <param name="reason">The reason the failure was published with.</param>
internal sealed class AlreadyAnsweredException(string reason)
    : Exception($"Its failure ({reason}) was published on an earlier delivery, whose move to the error queue was refused; it is moved, not run again.")
{
    /// <summary>The reason the failure was published with.</summary>
    public string Reason { get; } = reason;
}
