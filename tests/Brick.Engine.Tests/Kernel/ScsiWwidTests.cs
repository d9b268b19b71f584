using Brick.Engine.Kernel;

namespace Brick.Engine.Tests.Kernel;

public sealed class ScsiWwidTests
{
    [Theory]
    [InlineData("naa.6001405abcdef0123456789abcdef012", "36001405abcdef0123456789abcdef012")]
    [InlineData("NAA.6001405ABCDEF0", "36001405abcdef0")]
    [InlineData("eui.0123456789abcdef", "20123456789abcdef")]
    [InlineData("3600a09803830447a4f244c4657616f6f", "3600a09803830447a4f244c4657616f6f")]
    [InlineData("3600A09803830447A4F244C4657616F6F", "3600a09803830447a4f244c4657616f6f")]
    [InlineData("uuid.4D3C2B1A-0F0E-4D0C-8B0A-090807060504", "uuid.4d3c2b1a-0f0e-4d0c-8b0a-090807060504")]
    [InlineData("UUID.4d3c2b1a-0f0e-4d0c-8b0a-090807060504", "uuid.4d3c2b1a-0f0e-4d0c-8b0a-090807060504")]
    [InlineData("nvme.1B36-4E564D4531-4E564D65", "nvme.1b36-4e564d4531-4e564d65")]
    public void Kernel_and_multipath_forms_of_a_WWID_compare_equal(string given, string normalized) =>
        Assert.Equal(normalized, ScsiWwid.Normalize(given));

    [Fact]
    public void The_NAA_designator_of_VPD_page_0x83_is_preferred_to_the_T10_one()
    {
        byte[] t10 = [0x02, 0x01, 0x00, 0x08, .. "LIO-ORG "u8];
        byte[] naa = [0x01, 0x03, 0x00, 0x10, 0x60, 0x01, 0x40, 0x5a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x12];
        byte[] page = [0x00, 0x83, 0x00, (byte)(t10.Length + naa.Length), .. t10, .. naa];

        Assert.Equal("36001405abcdef0123456789abcdef012", ScsiWwid.FromVpdPage83(page));
    }

    [Fact]
    public void A_truncated_VPD_page_gives_no_WWID_and_no_crash() =>
        Assert.Null(ScsiWwid.FromVpdPage83([0x00, 0x83, 0x00, 0x40, 0x01, 0x03]));
}
