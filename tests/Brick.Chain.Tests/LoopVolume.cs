using Brick.Testing;

namespace Brick.Chain.Tests;

/// <summary>The volume: a sparse file on this machine behind a loop device of this machine's kernel; growing the file is the array growing the LUN.</summary>
internal sealed class LoopVolume : IAsyncDisposable
{
    private readonly string _file;

    private LoopVolume(string file, string device)
    {
        _file = file;
        Device = device;
    }

    /// <summary>The loop device, e.g. <c>/dev/loop3</c>.</summary>
    public string Device { get; }

    public static async Task<LoopVolume> CreateAsync(string directory, long sizeBytes)
    {
        var file = Path.Combine(directory, "volume.img");
        await using (var stream = File.Create(file))
            stream.SetLength(sizeBytes);
        var device = (await Programs.RunAsync("losetup", ["--find", "--show", file], TimeSpan.FromSeconds(20))).Succeeded().Stdout.Trim();
        return new LoopVolume(file, device);
    }

    /// <summary>Grows the backing file (the kernel's loop device keeps its size until someone runs <c>losetup --set-capacity</c>).</summary>
    public async Task GrowAsync(long sizeBytes)
    {
        await using var stream = new FileStream(_file, FileMode.Open, FileAccess.Write);
        stream.SetLength(sizeBytes);
    }

    /// <summary>What the host kernel says the loop device's size is.</summary>
    public long KernelSizeBytes() =>
        long.Parse(File.ReadAllText($"/sys/class/block/{Path.GetFileName(Device)}/size").Trim(), System.Globalization.CultureInfo.InvariantCulture) * 512;

    public async ValueTask DisposeAsync()
    {
        await Programs.RunAsync("losetup", ["--detach", Device], TimeSpan.FromSeconds(20));
        File.Delete(_file);
    }
}
