using System.Net.Sockets;
using Brick.Engine.Core;
using Brick.Engine.Kernel;
using Brick.Engine.Multipath;

namespace Brick.Engine.Tests.Multipath;

/// <summary>libmpathcmd's framing and multipathd's socket names, as multipath-tools 0.9.4 has them.</summary>
public sealed class MultipathdSocketFramingTests
{
    [Fact]
    public void A_command_is_its_length_with_the_NUL_as_a_native_size_t_then_its_text_and_the_NUL()
    {
        var frame = MultipathdSocket.Frame("resize map /dev/dm-0");

        Assert.Equal(8 + 21, frame.Length);
        Assert.Equal(BitConverter.GetBytes(21UL), frame[..8]);
        Assert.Equal("resize map /dev/dm-0\0"u8.ToArray(), frame[8..]);
    }

    [Fact]
    public void An_abstract_name_is_a_NUL_then_the_name_with_no_terminating_NUL()
    {
        var address = MultipathdSocket.EndPoint(MultipathdSocketNames.Abstract).Serialize();

        // sa_family (2 bytes), then NUL + "/org/kernel/linux/storage/multipathd" (36 bytes), nothing after: libmpathcmd's length.
        Assert.Equal(2 + 1 + 36, address.Size);
        Assert.Equal(0, address[2]);
        Assert.Equal((byte)'/', address[3]);
        Assert.Equal((byte)'d', address[address.Size - 1]);
    }

    [Fact]
    public void The_host_s_abstract_socket_on_the_real_dev_and_a_path_beside_a_simulated_tree_and_off_is_none()
    {
        Assert.Equal("@/org/kernel/linux/storage/multipathd", MultipathdSocketNames.For(new EngineOptions(), KernelRoots.Real));
        Assert.Equal("/tmp/sim/run/multipathd.socket", MultipathdSocketNames.For(new EngineOptions(), new KernelRoots("/tmp/sim/sys", "/tmp/sim/dev")));
        Assert.Equal("/run/other.socket", MultipathdSocketNames.For(new EngineOptions { MultipathdSocket = "/run/other.socket" }, KernelRoots.Real));
        Assert.Null(MultipathdSocketNames.For(new EngineOptions { MultipathdSocket = "off" }, KernelRoots.Real));
    }

    [Fact]
    public async Task An_abstract_name_nobody_listens_on_is_not_there()
    {
        var socket = new MultipathdSocket("@/brick-test/" + Guid.NewGuid().ToString("N"), TimeSpan.FromSeconds(2));

        Assert.Null(await socket.TryRunAsync(["show", "daemon"], TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_abstract_listener_gets_the_command_and_its_reply_is_the_answer()
    {
        var name = "/brick-test/" + Guid.NewGuid().ToString("N");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint("\0" + name));
        listener.Listen(1);
        var served = Task.Run(async () =>
        {
            using var client = await listener.AcceptAsync(TestContext.Current.CancellationToken);
            var buffer = new byte[64];
            var read = 0;
            while (read < 8 || read < 8 + (int)BitConverter.ToUInt64(buffer, 0))
                read += await client.ReceiveAsync(buffer.AsMemory(read), TestContext.Current.CancellationToken);
            await client.SendAsync(BitConverter.GetBytes(4UL).Concat("ok\n\0"u8.ToArray()).ToArray(), TestContext.Current.CancellationToken);
            return System.Text.Encoding.UTF8.GetString(buffer, 8, read - 8);
        }, TestContext.Current.CancellationToken);

        var result = await new MultipathdSocket("@" + name, TimeSpan.FromSeconds(5)).TryRunAsync(["add", "path", "sdb"], TestContext.Current.CancellationToken);

        Assert.Equal("add path sdb\0", await served);
        Assert.NotNull(result);
        Assert.Equal("ok\n", result.StandardOutput);
        Assert.True(result.Succeeded);
    }
}
