namespace Brick.Service.Health;

/// <summary>The readiness checks a consumer adds to <c>bus</c> (<see cref="WorkerHealthChecks.AddConsumerHealthChecks"/>).</summary>
[Flags]
internal enum ConsumerChecks
{
    /// <summary><c>bus</c> alone.</summary>
    None = 0,

    /// <summary><c>binding</c>: the contract topology declared and the host's binding (<see cref="Messaging.HostTopology"/>) asserted.</summary>
    Binding = 1,

    /// <summary><c>roots</c>: SysRoot and DevRoot readable.</summary>
    Roots = 2,

    /// <summary><c>multipathd</c>: answering, where the host has multipath maps.</summary>
    Multipathd = 4,
}
