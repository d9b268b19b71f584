namespace Brick.Worker.Cli;

/// <summary>How <c>brick-worker</c> ends.</summary>
internal static class ExitCodes
{
    /// <summary>The work is done (<c>extend</c>: the volume shows its new size everywhere; <c>run</c>: a graceful stop).</summary>
    public const int Succeeded = 0;

    /// <summary>The resize failed: the printed <c>HostVolumeResizeFailed</c> names the reason.</summary>
    public const int Failed = 1;

    /// <summary>Invalid input (a request, an option or a setting): nothing ran on the host.</summary>
    public const int InvalidInput = 2;

    /// <summary><c>run</c>: the bus could not start (the broker refused the login, the queue's declaration, …); the service manager should start it again.</summary>
    public const int BusFailed = 3;
}
