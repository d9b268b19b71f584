namespace Brick.RealKernel.Tests;

/// <summary>
/// A guest of the test VM: the Debian suite its kernel, root and tools come from (<c>tests/vm/build-vm.sh --suite</c>)
/// and which scenarios and peer scenarios it runs at the CI size: those of <see cref="Ci"/> when given, else all but
/// those of <see cref="CiExcept"/> (at the full size every guest runs them all).
/// </summary>
internal sealed record Guest(string Name, string Suite, string About, IReadOnlyList<string>? Ci, IReadOnlyList<string> CiExcept);

/// <summary>
/// One boot of one guest: its name (the boot's own for the first guest, so that its records, artifacts and table rows
/// keep the names they had before there were two guests; <c>GUEST-BOOT</c> for the others), and the ids
/// it runs when not all of its boot's (<see cref="Only"/>, given to the guest as <c>brick.only=ID,ID</c>).
/// </summary>
internal sealed record GuestRun(Guest Guest, Boot Boot, bool Primary, IReadOnlySet<string>? Only)
{
    public string Name => Primary ? Boot.Name : $"{Guest.Name}-{Boot.Name}";

    public bool Runs(string id) => Only is null || Only.Contains(id);

    public override string ToString() => Name;
}

/// <summary>
/// How much of the real-kernel suite runs: <c>ci</c> (the default) or <c>full</c>, from <c>BRICK_REAL_KERNEL_SIZE</c>.
/// </summary>
internal static class SuiteSize
{
    public const string Ci = "ci";
    public const string Full = "full";

    public static string Current { get; } = Read(Environment.GetEnvironmentVariable("BRICK_REAL_KERNEL_SIZE"));

    public static string Read(string? value) => value switch
    {
        null or "" or Ci => Ci,
        Full => Full,
        _ => throw new InvalidOperationException($"BRICK_REAL_KERNEL_SIZE='{value}': 'ci' or 'full' is expected."),
    };
}
