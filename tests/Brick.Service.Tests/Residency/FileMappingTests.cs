using Brick.Service.Residency;

namespace Brick.Service.Tests.Residency;

public sealed class FileMappingTests
{
    [Fact]
    public void The_program_s_code_its_private_file_data_and_its_read_only_shared_views_are_file_mappings()
    {
        var mappings = FileMapping.Parse(
        [
            "7f2c1c000000-7f2c1c021000 r-xp 00000000 fd:01 1234                       /usr/lib/x86_64-linux-gnu/libc.so.6",
            "7f2c1c021000-7f2c1c023000 r--p 00021000 fd:01 1234                       /usr/lib/x86_64-linux-gnu/libc.so.6",
            "7f2c1c023000-7f2c1c025000 rw-p 00023000 fd:01 1234                       /usr/lib/x86_64-linux-gnu/libc.so.6",
            "55d0a0000000-55d0a0400000 r--p 00000000 fd:01 99                         /opt/brick worker/brick-worker",
            "7f060de7c000-7f060ed58000 r--s 0227c000 fd:01 99                         /opt/brick worker/brick-worker",
        ]);

        Assert.Equal(
        [
            new FileMapping(0x7f2c1c000000, 0x7f2c1c021000, "/usr/lib/x86_64-linux-gnu/libc.so.6"),
            new FileMapping(0x7f2c1c021000, 0x7f2c1c023000, "/usr/lib/x86_64-linux-gnu/libc.so.6"),
            new FileMapping(0x7f2c1c023000, 0x7f2c1c025000, "/usr/lib/x86_64-linux-gnu/libc.so.6"),
            new FileMapping(0x55d0a0000000, 0x55d0a0400000, "/opt/brick worker/brick-worker"),
            new FileMapping(0x7f060de7c000, 0x7f060ed58000, "/opt/brick worker/brick-worker", Shared: true),
        ], mappings);
        Assert.Equal(0x21000UL, mappings[0].Length);
    }

    [Theory]
    [InlineData("7f2c1c000000-7f2c1c021000 rw-p 00000000 00:00 0 ")]
    [InlineData("55d0a1000000-55d0a1200000 rw-p 00000000 00:00 0                          [heap]")]
    [InlineData("7ffd1e000000-7ffd1e002000 r-xp 00000000 00:00 0                          [vdso]")]
    [InlineData("7f2c10000000-7f2c11000000 r-xs 00000000 00:01 5121                       /memfd:doublemapper (deleted)")]
    [InlineData("7f2c12000000-7f2c12001000 r--s 00000000 00:05 17                         /dev/zero (deleted)")]
    [InlineData("7f2c13000000-7f2c13001000 rw-s 00000000 00:05 88                         /dev/shm/ring")]
    [InlineData("7f2c14000000-7f2c14001000 rw-s 00000000 fd:01 77                         /var/lib/brick/state")]
    [InlineData("7f2c15000000-7f2c15001000 r--p 00000000 fd:01 78                         /tmp/replaced.dll (deleted)")]
    [InlineData("7f2c16000000-7f2c16001000 r--p 00000000 fd:01 79")]
    [InlineData("not a line of maps")]
    [InlineData("7f2c17000000-7f2c16000000 r--p 00000000 fd:01 80                         /backwards")]
    public void Anonymous_memory_devices_memory_files_deleted_files_and_shared_writable_files_are_not(string line)
    {
        Assert.Empty(FileMapping.Parse([line]));
    }
}
