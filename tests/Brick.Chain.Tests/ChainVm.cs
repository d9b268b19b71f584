using Brick.Testing;
namespace Brick.Chain.Tests;

/// <summary>
/// What the chain's guest boots: the Debian kernel the real-kernel suite fetched (<c>BRICK_VM_DIR</c>, made by
/// <c>tests/vm/build-vm.sh</c>) and a busybox initramfs whose init prints the disk's size
/// (<c>tests/vm/chain/build-initramfs.sh</c>).
/// </summary>
internal sealed record ChainVm(string Kernel, string Initramfs)
{
    /// <summary>The VM directory, or null with what to do.</summary>
    public static string? Directory(out string? missing)
    {
        var dir = Environment.GetEnvironmentVariable("BRICK_VM_DIR");
        missing = dir is { Length: > 0 } && File.Exists(Path.Combine(dir, "vmlinuz"))
            ? null
            : "BRICK_VM_DIR names no VM with a vmlinuz: run `export BRICK_VM_DIR=$(bash tests/vm/build-vm.sh | tail -n1)` (CI's .ci/setup.d/20-test-vm.sh does)";
        return missing is null ? dir : null;
    }

    public static async Task<ChainVm> PrepareAsync(string vmDirectory)
    {
        var initramfs = (await Programs.RunAsync("bash", [RepositoryRoot.Of("tests/vm/chain/build-initramfs.sh"), vmDirectory], TimeSpan.FromSeconds(60))).Succeeded().Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
        return new ChainVm(Path.Combine(vmDirectory, "vmlinuz"), initramfs);
    }

    /// <summary>The kernel command line: serial console, quiet, no reboot on panic.</summary>
    public const string CommandLine = "console=ttyS0 quiet panic=-1";
}
