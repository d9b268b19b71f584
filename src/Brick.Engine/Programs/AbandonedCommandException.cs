namespace Brick.Engine.Programs;

/// <summary>
/// The caller cancelled a command (the operation's time limit, a shutdown), it was killed, and it did not exit: it
/// still runs (stuck in the kernel). <see cref="StillRunning"/> ends when the process is gone; the engine records it as
/// the operation's abandoned work, as it does for a command that outlived its own time limit, so that the volume's and
/// the devices' locks stay held while it runs.
/// </summary>
public sealed class AbandonedCommandException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was cancelled and still runs.</param>
    /// <param name="innerException">What said so (CliWrap's <see cref="TimeoutException"/>).</param>
    /// <param name="stillRunning">Ends when the process is gone.</param>
    /// <param name="cancellationToken">The caller's token, which was cancelled.</param>
    public AbandonedCommandException(string message, Exception? innerException, Task stillRunning, CancellationToken cancellationToken)
        : base(message, innerException, cancellationToken)
    {
        StillRunning = stillRunning;
    }

    /// <summary>Ends when the process that outlived its kill is gone.</summary>
    public Task StillRunning { get; }
}
