using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Kernel;

namespace Brick.Engine.Tests.Kernel;

public sealed class SectorCountTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("2097152", 1L << 30)]
    [InlineData("18014398509481983", 18014398509481983L * 512)]
    public void A_sector_count_is_its_bytes(string text, long bytes) => Assert.Equal(bytes, SectorCount.ToBytes(text, "size"));

    [Fact]
    public void A_missing_file_is_no_size() => Assert.Null(SectorCount.ToBytes(null, "size"));

    [Theory]
    [InlineData("18014398509481984")] // one sector more than 2^63 bytes holds: × 512 would wrap
    [InlineData("9223372036854775807")]
    [InlineData("99999999999999999999999999")]
    public void A_count_whose_bytes_do_not_fit_in_64_bits_is_a_named_failure_not_a_wrap(string text)
    {
        var e = Assert.Throws<ExtendFailedException>(() => SectorCount.ToBytes(text, "/sys/block/sda/size"));

        Assert.Equal(ResizeFailureReason.CommandFailed, e.Reason);
        Assert.False(e.Retriable);
        Assert.Contains("more bytes than a 64-bit size holds", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("12 34")]
    [InlineData("0x400")]
    [InlineData("garbage\u0007")]
    public void Text_that_is_not_a_sector_count_is_a_named_failure(string text)
    {
        var e = Assert.Throws<ExtendFailedException>(() => SectorCount.ToBytes(text, "/sys/block/sda/size"));

        Assert.Equal(ResizeFailureReason.CommandFailed, e.Reason);
        Assert.Contains("/sys/block/sda/size reads", e.Message);
        Assert.DoesNotContain('\u0007', e.Message);
    }
}
