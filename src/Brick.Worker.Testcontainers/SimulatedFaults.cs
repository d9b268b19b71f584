namespace Brick.Worker.Testcontainers;

/// <summary>
/// The faults a simulated host plays, named by the failure reason of the wire contract the worker then reports (the
/// value of <c>Brick:Simulation:Rules:&lt;n&gt;:Fail</c>).
/// </summary>
public static class SimulatedFaults
{
    /// <summary>The volume's first path (or its device) is missing: retriable.</summary>
    public const string DeviceNotFound = nameof(DeviceNotFound);

    /// <summary>A path reports another WWID than the request's: permanent, nothing touched.</summary>
    public const string WwidMismatch = nameof(WwidMismatch);

    /// <summary>The array does not grow and the kernel never sees a new size: retriable, after the path wait.</summary>
    public const string RescanTimeout = nameof(RescanTimeout);

    /// <summary><c>multipathd resize map</c> answers <c>fail</c> (permanent) or <c>timeout</c> (retriable, after its window or the operation's limit).</summary>
    public const string MultipathResizeFailed = nameof(MultipathResizeFailed);

    /// <summary>A LUKS mapping on the volume needs a key the worker does not have: permanent, every layer below grown.</summary>
    public const string Unsupported = nameof(Unsupported);
}
