using Brick.Engine.Kernel;
using Brick.Engine.Rescan;

namespace Brick.Engine.Tests.Kernel;

/// <summary>What <c>losetup --list --json --output NAME,BACK-MAJ:MIN,BACK-INO</c> says, as the engine reads it.</summary>
public sealed class LoopBackingIdentityTests
{
    [Fact]
    public void The_output_of_util_linux_2_38_gives_the_device_and_inode()
    {
        // As printed on this machine's losetup 2.38.1: BACK-MAJ:MIN padded with spaces, BACK-INO a number.
        const string json = """
            {
               "loopdevices": [
                  {
                     "name": "/dev/loop0",
                     "back-maj:min": "     254:0  ",
                     "back-ino": 11658902
                  }
               ]
            }
            """;

        Assert.Equal(new FileIdentity(254, 0, 11658902), LoopBackingIdentity.Parse(json, "/dev/loop0"));
    }

    [Fact]
    public void An_inode_given_as_text_is_read_too()
    {
        const string json = """{"loopdevices": [{"name": "/dev/loop3", "back-maj:min": "8:1", "back-ino": "42"}]}""";

        Assert.Equal(new FileIdentity(8, 1, 42), LoopBackingIdentity.Parse(json, "/dev/loop3"));
    }

    [Theory]
    [InlineData("""{"loopdevices": [{"name": "/dev/loop7", "back-maj:min": null, "back-ino": null}]}""")] // not attached
    [InlineData("""{"loopdevices": [{"name": "/dev/loop1", "back-maj:min": "254:0", "back-ino": 12}]}""")] // another device
    [InlineData("""{"loopdevices": [{"name": "/dev/loop7", "back-maj:min": "254", "back-ino": 12}]}""")]
    [InlineData("""{"loopdevices": [{"name": "/dev/loop7", "back-maj:min": "254:0", "back-ino": -1}]}""")]
    [InlineData("""{"loopdevices": [{"name": "/dev/loop7", "back-maj:min": "254:0", "back-ino": 0}]}""")]
    [InlineData("""{"loopdevices": []}""")]
    [InlineData("""{"other": 1}""")]
    [InlineData("""[]""")]
    [InlineData("not json")]
    [InlineData("")]
    public void Output_that_names_no_backing_file_of_the_device_gives_none(string json) =>
        Assert.Null(LoopBackingIdentity.Parse(json, "/dev/loop7"));

    [Fact]
    public void A_file_and_a_hard_link_to_it_are_one_file_and_a_copy_is_another()
    {
        var dir = Directory.CreateTempSubdirectory("brick-file-identity.").FullName;
        try
        {
            var file = Path.Combine(dir, "a.img");
            using (var stream = File.Create(file))
                stream.SetLength(3 << 20);
            var link = Path.Combine(dir, "link.img");
            Assert.Equal(0, link_(file, link));
            var copy = Path.Combine(dir, "copy.img");
            File.Copy(file, copy);

            var status = FileStatus.Read(file);

            Assert.Equal(3L << 20, status.SizeBytes);
            Assert.True(status.IsRegularFile);
            Assert.NotEqual(0UL, status.Identity.Inode);
            Assert.Equal(status.Identity, FileStatus.Read(link).Identity);
            Assert.NotEqual(status.Identity, FileStatus.Read(copy).Identity);
            Assert.False(FileStatus.Read(dir).IsRegularFile);
            Assert.Throws<IOException>(() => FileStatus.Read(Path.Combine(dir, "missing")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int link_(string existing, string created);
}
